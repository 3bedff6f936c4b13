import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import type { ListObjectsV2CommandOutput, S3Client } from '@aws-sdk/client-s3';
import { BucketNotFoundError } from './bucket-not-found-error';
import { checkKey, checkPrefix } from './internal/keys';
import { DigestRejectedError } from './digest-rejected-error';
import {
  describeEndpoint,
  describeError,
  isBadDigest,
  isNetworkError,
  isNoSuchBucket,
  isNotFound,
} from './internal/s3-errors';
import { digestFile } from './internal/digest-file';
import { UPLOAD_READ_BYTES } from './internal/read-chunk';
import { MultipartUploadError, uploadMultipart } from './internal/multipart-upload';
import { withoutSdkWarnings } from './internal/quiet-warnings';
import { sendStreamed } from './internal/send-streamed';
import { s3Sdk } from './internal/s3-sdk';
import {
  ObjectNotFoundError,
  type ModelStore,
  type PutOptions,
  type StagedUpload,
  type StoredObject,
} from './model-store';
import { StoreUnreachableError } from './store-unreachable-error';
import type { SweepOptions } from './sweep-temporaries';

const MIB = 1024 * 1024;
/** S3's smallest part (all but the last part of a multipart upload). */
const MIN_PART_SIZE_BYTES = 5 * MIB;
/** S3's largest number of parts in one multipart upload. */
const MAX_PARTS = 10_000;
/** The most one PutObject may carry, and the most one CopyObject may copy. */
const MAX_SINGLE_PUT_BYTES = 5 * 1024 * MIB;
/** Folder of staged uploads (see {@link S3ModelStore.stage}) inside the store. */
export const STAGING_PREFIX = 'staging/';

/** Options of {@link S3ModelStore}. */
export interface S3ModelStoreOptions {
  /** Sends every request; its region, endpoint, credentials, timeouts and retries apply. */
  client: S3Client;
  /** The bucket holding the store. */
  bucket: string;
  /** Folder of the store inside the bucket, e.g. `mesh/models`. Default: the bucket's root. */
  prefix?: string;
  /**
   * Files of at most this many bytes are sent as one streamed PutObject: nothing is buffered,
   * and the server does not have to assemble parts (which some S3-compatible servers, s3rver
   * among them, do by reading and writing every byte again: about twice the server's work of
   * one PutObject). Larger files go multipart. At most 5 GiB, the most one PutObject may carry;
   * 0 sends every non-empty file multipart. A lower limit pays where parallel parts are faster
   * than one stream (a fast link to Amazon S3). Default: 5 GiB, so only what S3 cannot take in
   * one request goes multipart.
   */
  singlePutMaxBytes?: number;
  /**
   * Size of each part of a multipart upload, at least 5 MiB; a file above 10,000 parts gets
   * larger parts. Default: 64 MiB (fewer requests and a cheaper completion than small parts).
   */
  partSizeBytes?: number;
  /** Parts sent at once, each streamed from its range of the file (not buffered). Default: 4. */
  queueSize?: number;
  /**
   * Sends of one PutObject or one part at most, when the connection fails or S3 answers with a
   * 5xx or asks to slow down: each is sent again from the file (the SDK cannot resend a
   * stream). A retried PutObject sends the whole file again, a retried part only that part.
   * Default: 3.
   */
  sendAttempts?: number;
  /** Wait before the first resend, doubled before each next one, in milliseconds. Default: 1000. */
  retryDelayMs?: number;
  /**
   * Told when cleanup after a failed upload fails (a multipart upload that could not be
   * aborted), with what to run to clean up, and of each request sent again (see
   * `sendAttempts`). Default: `process.emitWarning`.
   */
  onWarning?: (message: string) => void;
}

/**
 * A {@link ModelStore} in an S3 bucket (or an S3-compatible server), under an optional prefix.
 * Uploads are one streamed PutObject up to `singlePutMaxBytes` and multipart above, cancellable, and leave no object and no open multipart
 * upload when they fail. Network failures surface as {@link StoreUnreachableError} and a missing
 * bucket as {@link BucketNotFoundError}.
 */
export class S3ModelStore implements ModelStore {
  readonly client: S3Client;
  readonly bucket: string;
  /** The prefix without leading or trailing `/`; empty for the bucket's root. */
  readonly prefix: string;
  readonly uri: string;
  private readonly singlePutMaxBytes: number;
  private readonly partSizeBytes: number;
  private readonly queueSize: number;
  private readonly retry: { attempts: number; delayMs: number };
  private readonly onWarning: (message: string) => void;

  constructor(options: S3ModelStoreOptions) {
    const singlePutMaxBytes = options.singlePutMaxBytes ?? MAX_SINGLE_PUT_BYTES;
    const partSizeBytes = options.partSizeBytes ?? 64 * MIB;
    const queueSize = options.queueSize ?? 4;
    if (!options.bucket) throw new RangeError('S3ModelStore needs a bucket: pass options.bucket');
    if (!Number.isInteger(partSizeBytes) || partSizeBytes < MIN_PART_SIZE_BYTES) {
      throw new RangeError(
        `partSizeBytes ${partSizeBytes} is not a whole number of bytes of at least 5 MiB, S3's smallest part: use ${MIN_PART_SIZE_BYTES} or more`,
      );
    }
    if (
      !Number.isInteger(singlePutMaxBytes) ||
      singlePutMaxBytes < 0 ||
      singlePutMaxBytes > MAX_SINGLE_PUT_BYTES
    ) {
      throw new RangeError(
        `singlePutMaxBytes ${singlePutMaxBytes} is not a whole number of bytes from 0 to 5 GiB, the most one PutObject may carry: use a value in that range`,
      );
    }
    if (!Number.isInteger(queueSize) || queueSize < 1) {
      throw new RangeError(`queueSize ${queueSize} is not a positive integer: use 1 or more`);
    }
    const attempts = options.sendAttempts ?? 3;
    const delayMs = options.retryDelayMs ?? 1000;
    if (!Number.isInteger(attempts) || attempts < 1) {
      throw new RangeError(`sendAttempts ${attempts} is not a positive integer: use 1 or more`);
    }
    if (!(delayMs >= 0)) {
      throw new RangeError(
        `retryDelayMs ${delayMs} is not a number of milliseconds: use 0 or more`,
      );
    }
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (prefix !== '') checkKey(prefix);

    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = prefix;
    this.uri = `s3://${this.bucket}${prefix ? `/${prefix}` : ''}`;
    this.singlePutMaxBytes = singlePutMaxBytes;
    this.partSizeBytes = partSizeBytes;
    this.queueSize = queueSize;
    this.retry = { attempts, delayMs };
    this.onWarning =
      options.onWarning ?? ((message) => process.emitWarning(message, 'ModelStoreWarning'));
  }

  uriOf(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }

  async put(key: string, filePath: string, options: PutOptions = {}): Promise<void> {
    const objectKey = this.objectKey(key);
    options.signal?.throwIfAborted();
    const { size } = await stat(filePath);
    if (size === 0 || size <= this.singlePutMaxBytes) {
      await this.putObject(objectKey, filePath, size, options);
    } else {
      await this.putMultipart(objectKey, filePath, size, options);
    }
  }

  /**
   * Uploads the file to a new key under `staging/`, computing its sha256 from the bytes as they
   * are read for the upload: one streamed PutObject up to `singlePutMaxBytes`, multipart above
   * (there the digest comes from one sequential read running beside the part uploads, served by
   * the same page cache). {@link StagedUpload.commit} then copies it into place with
   * CopyObject, a server-side copy. Files above 5 GiB, which CopyObject cannot copy, are not
   * staged (undefined). A failed or cancelled stage removes what it stored.
   */
  async stage(
    filePath: string,
    options: Omit<PutOptions, 'sha256'> = {},
  ): Promise<StagedUpload | undefined> {
    const { signal, onProgress } = options;
    signal?.throwIfAborted();
    const { size } = await stat(filePath);
    if (size > MAX_SINGLE_PUT_BYTES) return undefined;
    const stagingKey = this.objectKey(`${STAGING_PREFIX}${randomUUID()}`);
    let sha256: string;
    try {
      if (size === 0 || size <= this.singlePutMaxBytes) {
        sha256 = (await this.putObject(stagingKey, filePath, size, { signal, onProgress }, true))!;
      } else {
        const stop = new AbortController();
        const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
        const hashing = digestFile(filePath, both);
        const uploading = this.putMultipart(stagingKey, filePath, size, {
          signal: both,
          onProgress,
        });
        // The first failure stops the other, and is the one thrown.
        const [digest] = await Promise.all([
          hashing.catch((error: unknown) => {
            stop.abort(error);
            throw error;
          }),
          uploading.catch((error: unknown) => {
            stop.abort(error);
            throw error;
          }),
        ]).catch(async (error: unknown) => {
          await Promise.allSettled([hashing, uploading]);
          throw error;
        });
        sha256 = digest.sha256;
      }
    } catch (error) {
      await this.deleteQuietly(stagingKey);
      throw error;
    }
    let removal: Promise<void> | undefined;
    const removeStaged = () => (removal ??= this.deleteQuietly(stagingKey));
    return {
      sha256,
      size,
      commit: async (key, commitOptions = {}) => {
        const objectKey = this.objectKey(key);
        try {
          await this.client.send(
            new (s3Sdk().CopyObjectCommand)({
              Bucket: this.bucket,
              Key: objectKey,
              CopySource: `${this.bucket}/${stagingKey.split('/').map(encodeURIComponent).join('/')}`,
              MetadataDirective: 'REPLACE',
              Metadata: { sha256 },
            }),
            { abortSignal: commitOptions.signal },
          );
        } catch (error) {
          if (commitOptions.signal?.aborted) throw commitOptions.signal.reason;
          throw await this.storeError(error);
        } finally {
          await removeStaged();
        }
      },
      discard: removeStaged,
    };
  }

  /**
   * One PutObject streaming the file as it is read, opened again for each send (see
   * `sendAttempts`). A known sha256 goes along as the object's checksum, so S3 checks the bytes
   * against the digest the caller computed ({@link DigestRejectedError} when they differ), and
   * the SDK computes no checksum of its own over the bytes; a stream is sent with an unsigned
   * payload. With `digest`, returns the sha256 of
   * the bytes the successful send read.
   */
  private async putObject(
    objectKey: string,
    filePath: string,
    size: number,
    options: PutOptions,
    digest = false,
  ): Promise<string | undefined> {
    const { signal, onProgress, sha256 } = options;
    let hash: Hash | undefined;
    const send = async (): Promise<void> => {
      const file = createReadStream(filePath, { highWaterMark: UPLOAD_READ_BYTES });
      const attemptHash = digest ? createHash('sha256') : undefined;
      hash = attemptHash;
      let loaded = 0;
      const body =
        onProgress || attemptHash
          ? file.pipe(
              new Transform({
                transform(chunk: Buffer, _encoding, callback) {
                  attemptHash?.update(chunk);
                  loaded += chunk.length;
                  onProgress?.(loaded, size);
                  callback(null, chunk);
                },
              }),
            )
          : file;
      file.once('error', (error) => body.destroy(error));
      const command = withoutSdkWarnings(
        new (s3Sdk().PutObjectCommand)({
          Bucket: this.bucket,
          Key: objectKey,
          Body: body,
          ContentLength: size,
          ...(sha256
            ? {
                Metadata: { sha256 },
                ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
              }
            : {}),
        }),
      );
      try {
        await this.client.send(command, { abortSignal: signal });
      } finally {
        file.destroy();
        body.destroy();
      }
    };
    try {
      await sendStreamed(send, {
        ...this.retry,
        signal,
        onRetry: (attempt, error) =>
          this.warnRetry(`PutObject of s3://${this.bucket}/${objectKey}`, attempt, error),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (sha256 && isBadDigest(error)) {
        throw new DigestRejectedError(`s3://${this.bucket}/${objectKey}`, sha256, { cause: error });
      }
      throw await this.storeError(error);
    }
    if (size === 0) onProgress?.(0, 0);
    return hash?.digest('hex');
  }

  /** Says that a request failed and is sent again. */
  private warnRetry(request: string, attempt: number, error: unknown): void {
    this.onWarning(
      `${request} failed (${describeError(error)}): sending it again, attempt ${attempt + 1} of ${this.retry.attempts}`,
    );
  }

  /** A multipart upload streaming each part from the file, aborted when it fails. */
  private async putMultipart(
    objectKey: string,
    filePath: string,
    size: number,
    options: PutOptions,
  ): Promise<void> {
    const { signal, onProgress } = options;
    try {
      await uploadMultipart({
        client: this.client,
        bucket: this.bucket,
        key: objectKey,
        filePath,
        size,
        partSize: Math.max(this.partSizeBytes, Math.ceil(size / MAX_PARTS)),
        queueSize: this.queueSize,
        retry: {
          ...this.retry,
          onRetry: (part, attempt, error) =>
            this.warnRetry(`Part ${part} of s3://${this.bucket}/${objectKey}`, attempt, error),
        },
        metadata: options.sha256 ? { sha256: options.sha256 } : undefined,
        signal,
        onPartStored: onProgress && ((loaded) => onProgress(loaded, size)),
      });
    } catch (error) {
      const failure = error instanceof MultipartUploadError ? error : undefined;
      if (failure?.uploadId) await this.abortMultipartUpload(objectKey, failure.uploadId);
      if (signal?.aborted) throw signal.reason;
      throw await this.storeError(failure ? failure.cause : error);
    }
  }

  async get(key: string): Promise<Readable> {
    const command = new (s3Sdk().GetObjectCommand)({
      Bucket: this.bucket,
      Key: this.objectKey(key),
    });
    let body: unknown;
    try {
      body = (await this.client.send(command)).Body;
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(this.uriOf(key));
      throw await this.storeError(error);
    }
    if (!(body instanceof Readable)) {
      throw new Error(`S3 returned no readable body for ${this.uriOf(key)}: retry the download`);
    }
    return body;
  }

  async head(key: string): Promise<StoredObject | undefined> {
    const command = new (s3Sdk().HeadObjectCommand)({
      Bucket: this.bucket,
      Key: this.objectKey(key),
    });
    try {
      const output = await this.client.send(command);
      return {
        key,
        size: output.ContentLength ?? 0,
        lastModified: output.LastModified,
        sha256: output.Metadata?.sha256,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw await this.storeError(error);
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    checkPrefix(prefix);
    const root = this.prefix ? `${this.prefix}/` : '';
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new (s3Sdk().ListObjectsV2Command)({
            Bucket: this.bucket,
            Prefix: root + prefix,
            ContinuationToken: token,
          }),
        );
      } catch (error) {
        throw await this.storeError(error);
      }
      for (const object of page.Contents ?? []) {
        // Keys ending in "/" are folder markers made by consoles, not objects of the store.
        if (!object.Key || object.Key.endsWith('/')) continue;
        yield {
          key: object.Key.slice(root.length),
          size: object.Size ?? 0,
          lastModified: object.LastModified,
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    const command = new (s3Sdk().DeleteObjectCommand)({
      Bucket: this.bucket,
      Key: this.objectKey(key),
    });
    try {
      await this.client.send(command);
    } catch (error) {
      if (isNotFound(error)) return;
      throw await this.storeError(error);
    }
  }

  /**
   * Always undefined for now: presigning needs `@aws-sdk/s3-request-presigner`, which mesh does
   * not depend on yet.
   */
  async presign(_key: string, _expiresInSeconds: number): Promise<string | undefined> {
    return undefined;
  }

  /**
   * Removes staged uploads (`staging/`) older than `minAgeMs` (default: 1 hour): those of
   * processes killed between staging and committing. A staged object exists only once its
   * upload is complete and is copied into place at once, so an old one has no owner. Returns
   * their URIs (those that would be removed, with `dryRun`).
   */
  async sweepTemporaries(options: SweepOptions = {}): Promise<string[]> {
    const cutoff = (options.now ?? new Date()).getTime() - (options.minAgeMs ?? 60 * 60 * 1000);
    const removed: string[] = [];
    for await (const object of this.list(STAGING_PREFIX)) {
      if (!object.lastModified || object.lastModified.getTime() > cutoff) continue;
      if (!options.dryRun) await this.delete(object.key);
      removed.push(this.uriOf(object.key));
    }
    return removed;
  }

  /** Deletes an object the caller no longer needs; a failure is warned about, not thrown. */
  private async deleteQuietly(objectKey: string): Promise<void> {
    try {
      await this.client.send(
        new (s3Sdk().DeleteObjectCommand)({ Bucket: this.bucket, Key: objectKey }),
      );
    } catch (error) {
      if (isNotFound(error)) return;
      this.onWarning(
        `Could not remove the staged upload s3://${this.bucket}/${objectKey} ` +
          `(${describeError(error)}): remove it with "aws s3 rm s3://${this.bucket}/${objectKey}", ` +
          'or run "npx mesh models gc", which removes staged uploads older than its --min-age.',
      );
    }
  }

  private objectKey(key: string): string {
    checkKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  /**
   * Aborts the multipart upload of a failed put, so its parts are not kept (and billed). It
   * does not take the put's signal: a cancelled put still cleans up. A failure here is warned
   * about, not thrown: the put's own failure is what the caller needs to see.
   */
  private async abortMultipartUpload(objectKey: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(
        new (s3Sdk().AbortMultipartUploadCommand)({
          Bucket: this.bucket,
          Key: objectKey,
          UploadId: uploadId,
        }),
      );
    } catch (error) {
      if (isNotFound(error)) return;
      this.onWarning(
        `Could not abort the multipart upload ${uploadId} of s3://${this.bucket}/${objectKey} ` +
          `(${describeError(error)}): its parts stay stored until it is aborted. Abort it with ` +
          `"aws s3api abort-multipart-upload --bucket ${this.bucket} --key ${objectKey} ` +
          `--upload-id ${uploadId}", or give the bucket a lifecycle rule that aborts incomplete ` +
          `multipart uploads.`,
      );
    }
  }

  /** The error to throw for a failed request: network failures and a missing bucket explained. */
  private async storeError(error: unknown): Promise<unknown> {
    if (isNetworkError(error)) {
      const { endpoint, custom } = await describeEndpoint(this.client);
      const fix = custom
        ? 'check S3_ENDPOINT_URL and that the server is running and reachable from this machine'
        : 'check the network connection and AWS_REGION, or set S3_ENDPOINT_URL to use an S3-compatible server';
      return new StoreUnreachableError(endpoint, describeError(error), fix, { cause: error });
    }
    if (isNoSuchBucket(error)) {
      const { endpoint } = await describeEndpoint(this.client);
      return new BucketNotFoundError(this.bucket, endpoint, { cause: error });
    }
    return error;
  }
}
