export {
  ArtifactStore,
  type ArtifactStoreOptions,
  type BlobCheck,
  type DownloadOptions,
  type StoredArtifact,
  type StoredBlob,
} from './artifact-store';
export {
  ArtifactWriteStream,
  createArtifactWriteStream,
  writeArtifactFileSync,
  type ArtifactFileWriteOptions,
  type ArtifactWriteOptions,
} from './artifact-writer';
export { BLOB_PREFIX, blobKey, normalizeSha256, parseBlobKey } from './blob-key';
export { BucketNotFoundError } from './bucket-not-found-error';
export { ChecksumMismatchError, type ChecksumMismatch } from './checksum-mismatch-error';
export { DigestRejectedError } from './digest-rejected-error';
export { DigestCache, processDigestCache, type DigestCacheOptions } from './digest-cache';
export { InvalidStoreUriError } from './invalid-store-uri-error';
export { LocalModelStore, type LocalModelStoreOptions } from './local-model-store';
export {
  ObjectNotFoundError,
  type ModelStore,
  type PutOptions,
  type StagedUpload,
  type StoredObject,
} from './model-store';
export { parseModelStoreUri, type ModelStoreLocation } from './model-store-uri';
export { openModelStore, type OpenModelStoreOptions } from './open-model-store';
export { S3ModelStore, STAGING_PREFIX, type S3ModelStoreOptions } from './s3-model-store';
export { StoreUnreachableError } from './store-unreachable-error';
export {
  currentOwner,
  ownerIsGone,
  processStartTime,
  readOwnerLock,
  removeOwnerLock,
  writeOwnerLock,
  type OwnerLock,
} from './owner-lock';
export { sweepAbandonedTemporaries, type SweepOptions } from './sweep-temporaries';
export { checkBearerKey, type KeyCheck } from './file-api/bearer-key';
export { contentTypeOf } from './file-api/content-type';
export { createFileApi, type FileApiHandler, type FileApiOptions } from './file-api/file-api';
export { listFolder, type FolderEntry } from './file-api/folder-listing';
export { UploadTooLargeError } from './file-api/receive-upload';
