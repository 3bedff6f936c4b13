import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  createFileApi,
  openModelStore,
  type FileApiHandler,
  type ModelStore,
} from '@mesh/model-store';
import type { FileApiSettings } from './file-api-settings';
import type { RegistrySettings } from './registry-settings';

/** Options of {@link openFileApi}. */
export interface OpenFileApiOptions {
  settings: FileApiSettings;
  /** For the default store (`MODEL_STORE_URI`) and the S3 connection settings. */
  registry: RegistrySettings;
  /** Home of the default local store, `<meshHome>/store/files`. */
  meshHome: string;
  /** Where the API is mounted, e.g. `/files`. Default: the root. */
  basePath?: string;
  s3Client?: S3Client;
}

/** The file API's store: `FILE_API_STORE_URI`, else `files/` below the artifact store. */
export function fileApiStoreUri(options: FileStoreOptions): string {
  if (options.settings.FILE_API_STORE_URI) return options.settings.FILE_API_STORE_URI;
  const store =
    options.registry.MODEL_STORE_URI || pathToFileURL(join(options.meshHome, 'store')).href;
  return `${store.replace(/\/+$/, '')}/files`;
}

/** What {@link openFileStore} needs: only the store setting of the file API. */
export type FileStoreOptions = Omit<OpenFileApiOptions, 'basePath' | 's3Client' | 'settings'> & {
  settings: Pick<FileApiSettings, 'FILE_API_STORE_URI'>;
  s3Client?: S3Client;
};

/**
 * The store the file API serves (see {@link fileApiStoreUri}), which is also where runs keep
 * their step outputs, so the file API shows them.
 */
export function openFileStore(options: FileStoreOptions): ModelStore {
  const { registry } = options;
  const endpoint = registry.S3_ENDPOINT_URL || undefined;
  return openModelStore(fileApiStoreUri(options), {
    s3Client: options.s3Client,
    endpoint,
    forcePathStyle:
      registry.S3_FORCE_PATH_STYLE === 'auto'
        ? Boolean(endpoint)
        : registry.S3_FORCE_PATH_STYLE === 'true',
    region: registry.AWS_REGION || undefined,
    singlePutMaxBytes: registry.S3_SINGLE_PUT_MAX_MB * 1024 * 1024,
    partSizeBytes: registry.S3_PART_SIZE_MB * 1024 * 1024,
    queueSize: registry.S3_UPLOAD_CONCURRENCY,
  });
}

/** The file API over the store the settings name, as a Node request listener. */
export function openFileApi(options: OpenFileApiOptions): { handler: FileApiHandler; uri: string } {
  const store = openFileStore(options);
  const handler = createFileApi({
    store,
    key: options.settings.FILE_API_KEY || undefined,
    maxBytes: options.settings.FILE_API_MAX_BYTES,
    basePath: options.basePath,
  });
  return { handler, uri: store.uri };
}
