import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkKey } from './internal/keys';
import { InvalidStoreUriError } from './invalid-store-uri-error';

/** Where a `MODEL_STORE_URI` points: an S3 bucket and prefix, or a local directory. */
export type ModelStoreLocation =
  | {
      kind: 's3';
      bucket: string;
      /** Without leading or trailing `/`; may be empty. */ prefix: string;
    }
  | { kind: 'file'; /** Absolute path. */ root: string };

const SETTING = 'MODEL_STORE_URI';
const ACCEPTED = 'use s3://bucket/prefix or file:///absolute/path';
/** S3's rules for bucket names (general purpose buckets). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses a `MODEL_STORE_URI`: `s3://bucket/optional/prefix`, `file:///absolute/path` or a plain
 * absolute path. Anything else throws an {@link InvalidStoreUriError} that names the value and
 * the accepted forms.
 */
export function parseModelStoreUri(uri: string): ModelStoreLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (uri.trim() === '') throw new InvalidStoreUriError(SETTING, uri, 'is empty', ACCEPTED);

  if (scheme === 's3') {
    const match = /^s3:\/\/([^/?#]*)([^?#]*)$/i.exec(uri);
    if (!match) {
      throw new InvalidStoreUriError(SETTING, uri, 'is not an S3 URI', 'use s3://bucket/prefix');
    }
    const [, bucket, path] = match;
    if (!bucket) {
      throw new InvalidStoreUriError(SETTING, uri, 'names no bucket', 'use s3://bucket/prefix');
    }
    if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
      throw new InvalidStoreUriError(
        SETTING,
        uri,
        `names an invalid bucket "${bucket}"`,
        'bucket names are 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
      );
    }
    const prefix = path.replace(/^\/+|\/+$/g, '');
    try {
      if (prefix) checkKey(prefix);
    } catch {
      throw new InvalidStoreUriError(
        SETTING,
        uri,
        `has an invalid prefix "${prefix}"`,
        'use s3://bucket/prefix with a "/"-separated prefix (no empty, "." or ".." segments)',
      );
    }
    return { kind: 's3', bucket, prefix };
  }

  if (scheme === 'file') {
    try {
      return { kind: 'file', root: fileURLToPath(uri) };
    } catch {
      throw new InvalidStoreUriError(
        SETTING,
        uri,
        'is not a local file URL',
        'use file:///absolute/path (three slashes, no host)',
      );
    }
  }

  if (scheme === undefined && isAbsolute(uri)) return { kind: 'file', root: resolve(uri) };
  if (scheme === undefined) {
    throw new InvalidStoreUriError(
      SETTING,
      uri,
      'is a relative path',
      'use an absolute path, file:///absolute/path or s3://bucket/prefix',
    );
  }
  throw new InvalidStoreUriError(SETTING, uri, 'is not supported', ACCEPTED);
}
