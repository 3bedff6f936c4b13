import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { ArtifactStore, openModelStore } from '@mesh/model-store';
import { connect } from './database/connect';
import { RegistryError } from './errors';
import { Registry } from './registry';
import { describeLocation, parseRegistryUrl } from './registry-url';
import type { RegistrySettings } from './registry-settings';

/** Options of {@link openRegistry}. */
export interface OpenRegistryOptions {
  settings: RegistrySettings;
  /** Home of the embedded defaults: `<meshHome>/registry.db` and `<meshHome>/store`. */
  meshHome: string;
  /** An S3 client to use instead of one built from the settings. */
  s3Client?: S3Client;
  /** Default: `() => new Date()`. */
  now?: () => Date;
  /**
   * Only open a database that exists (for commands that only read): a missing SQLite file is
   * a {@link RegistryNotFoundError} rather than a new, empty registry. Default: false.
   */
  readOnly?: boolean;
  /** Base of a relative `sqlite:path.db`. Default: `process.cwd()`. */
  cwd?: string;
}

/** The artifact store the settings name: `MODEL_STORE_URI`, or `<meshHome>/store`. */
export function openArtifactStore(
  options: Pick<OpenRegistryOptions, 'settings' | 'meshHome' | 's3Client'>,
): ArtifactStore {
  const { settings } = options;
  const uri = settings.MODEL_STORE_URI || pathToFileURL(join(options.meshHome, 'store')).href;
  const endpoint = settings.S3_ENDPOINT_URL || undefined;
  const store = openModelStore(uri, {
    s3Client: options.s3Client,
    endpoint,
    forcePathStyle:
      settings.S3_FORCE_PATH_STYLE === 'auto'
        ? Boolean(endpoint)
        : settings.S3_FORCE_PATH_STYLE === 'true',
    region: settings.AWS_REGION || undefined,
    singlePutMaxBytes: settings.S3_SINGLE_PUT_MAX_MB * 1024 * 1024,
    partSizeBytes: settings.S3_PART_SIZE_MB * 1024 * 1024,
    queueSize: settings.S3_UPLOAD_CONCURRENCY,
  });
  return new ArtifactStore(store);
}

/**
 * Opens the registry the settings name (the embedded SQLite database and local store by
 * default) and brings its schema up to date. Several processes may do this at once.
 */
export async function openRegistry(options: OpenRegistryOptions): Promise<Registry> {
  const location = parseRegistryUrl(options.settings.REGISTRY_URL, options.meshHome, options.cwd);
  const registry = new Registry({
    connection: connect(location, { create: !options.readOnly }),
    artifacts: openArtifactStore(options),
    now: options.now,
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await registry.migrate();
      return registry;
    } catch (error) {
      // Two processes creating the schema of a new database at once can collide; the loser retries.
      if (attempt < 4 && !isConnectionError(error)) {
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
        continue;
      }
      await registry.close().catch(() => undefined);
      const reason = (error as Error).message;
      throw new RegistryError(
        isConnectionError(error)
          ? `Cannot reach the registry database at ${describeLocation(location)} (${reason}): check REGISTRY_URL and that the server is running.`
          : `Cannot prepare the registry database at ${describeLocation(location)}: ${reason}`,
        { cause: error },
      );
    }
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return (
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      '28P01',
      '3D000',
      'SQLITE_CANTOPEN',
    ].includes(code ?? '') || /timeout/i.test((error as Error)?.message ?? '')
  );
}
