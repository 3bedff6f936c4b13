import type { S3Client } from '@aws-sdk/client-s3';
import { InvalidStoreUriError } from './invalid-store-uri-error';
import { LocalModelStore } from './local-model-store';
import type { ModelStore } from './model-store';
import { parseModelStoreUri } from './model-store-uri';
import { s3Sdk } from './internal/s3-sdk';
import { S3ModelStore } from './s3-model-store';

// mesh supports Node 20.19+; the SDK's upgrade notice would otherwise print on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Options of {@link openModelStore}; all apply to `s3://` stores only. */
export interface OpenModelStoreOptions {
  /**
   * The client for an `s3://` store, used as is: `endpoint`, `forcePathStyle` and `region` are
   * then ignored. Default: a client built from those options, with the SDK's default
   * credential chain (environment, shared config files, instance or container role).
   */
  s3Client?: S3Client;
  /**
   * `S3_ENDPOINT_URL`: an S3-compatible server, e.g. `http://127.0.0.1:9000`. Default: Amazon S3
   * (an empty string counts as unset).
   */
  endpoint?: string;
  /** Address buckets as `endpoint/bucket` rather than `bucket.endpoint`. Default: true when `endpoint` is given. */
  forcePathStyle?: boolean;
  /** The bucket's region. Default: `AWS_REGION` from `env`, else `us-east-1`. */
  region?: string;
  /** Largest file sent as one PutObject, at most 5 GiB; larger go multipart. Default: 5 GiB. */
  singlePutMaxBytes?: number;
  /** Size of each part of a multipart upload, at least 5 MiB. Default: 64 MiB. */
  partSizeBytes?: number;
  /** Parts uploaded at once. Default: 4. */
  queueSize?: number;
  /** Where `AWS_REGION` is read. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Opens the store a `MODEL_STORE_URI` names: `s3://bucket/optional/prefix` gives an
 * {@link S3ModelStore}, `file:///absolute/path` or an absolute path a {@link LocalModelStore}.
 * Nothing is contacted yet: an unreachable endpoint or a missing bucket is reported by the
 * first operation, as StoreUnreachableError or BucketNotFoundError. An unusable URI or
 * endpoint throws {@link InvalidStoreUriError}.
 */
export function openModelStore(uri: string, options: OpenModelStoreOptions = {}): ModelStore {
  const location = parseModelStoreUri(uri);
  if (location.kind === 'file') return new LocalModelStore({ root: location.root });
  return new S3ModelStore({
    client: options.s3Client ?? createS3Client(options),
    bucket: location.bucket,
    prefix: location.prefix,
    singlePutMaxBytes: options.singlePutMaxBytes,
    partSizeBytes: options.partSizeBytes,
    queueSize: options.queueSize,
  });
}

function createS3Client(options: OpenModelStoreOptions): S3Client {
  const endpoint = options.endpoint ? checkEndpoint(options.endpoint) : undefined;
  const env = options.env ?? process.env;
  return new (s3Sdk().S3Client)({
    region: options.region ?? env.AWS_REGION ?? 'us-east-1',
    endpoint,
    forcePathStyle: options.forcePathStyle ?? endpoint !== undefined,
    // A dead endpoint fails within seconds rather than minutes: 3 s to connect, one retry.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 3_000 },
    // Since 3.729 the SDK sends checksums of streamed bodies in aws-chunked framing, which
    // S3-compatible servers such as s3rver (and older MinIO and Ceph) store as object bytes.
    // Other servers get checksums only where S3 requires them, as before.
    ...(endpoint === undefined
      ? {}
      : {
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }),
  });
}

function checkEndpoint(endpoint: string): string {
  let protocol: string;
  try {
    protocol = new URL(endpoint).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new InvalidStoreUriError(
      'S3_ENDPOINT_URL',
      endpoint,
      'is not an http(s) URL',
      "use the server's address with its scheme, e.g. http://127.0.0.1:9000 or https://s3.example.com",
    );
  }
  return endpoint;
}
