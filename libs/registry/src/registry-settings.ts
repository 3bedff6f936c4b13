import { parseModelStoreUri } from '@mesh/model-store';
import { EnvError, int, makeValidator, str } from '@mesh/settings';
import { parseRegistryUrl } from './registry-url';

// Checked with the other settings, before any work is done, rather than when registering.
export const storeUri = makeValidator<string>((input) => {
  if (input.trim() !== '') {
    try {
      parseModelStoreUri(input.trim());
    } catch (error) {
      throw new EnvError((error as Error).message);
    }
  }
  return input.trim();
});

const registryUrl = makeValidator<string>((input) => {
  try {
    parseRegistryUrl(input, '/');
  } catch (error) {
    throw new EnvError((error as Error).message);
  }
  return input.trim();
});

/**
 * Where versions are registered. Every component has these settings on top of its own, and
 * `mesh models` reads them from the environment.
 */
export const registrySettingsSpec = {
  MODEL_STORE_URI: storeUri({
    desc: 'Artifact store: s3://bucket/prefix, file:///absolute/path, or empty for MESH_HOME/store',
    default: '',
    example: 's3://mesh-models/stage',
  }),
  REGISTRY_URL: registryUrl({
    desc: 'Registry database: postgres://user:password@host:5432/db, sqlite:///path.db, or empty for MESH_HOME/registry.db',
    default: '',
    example: 'postgres://mesh@127.0.0.1:5432/mesh',
  }),
  S3_ENDPOINT_URL: str({
    desc: 'Endpoint of an S3-compatible server (empty: AWS S3 of AWS_REGION)',
    default: '',
    example: 'http://127.0.0.1:4568',
  }),
  S3_FORCE_PATH_STYLE: str({
    desc: "Path-style S3 URLs: 'auto' (on when S3_ENDPOINT_URL is set), 'true' or 'false'",
    choices: ['auto', 'true', 'false'],
    default: 'auto',
  }),
  S3_SINGLE_PUT_MAX_MB: int({ min: 0, max: 5120 })({
    desc: 'Largest file in MiB uploaded as one streamed PutObject (at most 5120, what S3 allows); larger files are multipart',
    default: 5120,
  }),
  S3_PART_SIZE_MB: int({ min: 5, max: 5120 })({
    desc: 'Part size in MiB of multipart uploads (files above S3_SINGLE_PUT_MAX_MB)',
    default: 64,
  }),
  S3_UPLOAD_CONCURRENCY: int({ min: 1, max: 64 })({ desc: 'Parts uploaded at once', default: 4 }),
  AWS_REGION: str({
    desc: "Region of the model store's S3 bucket (empty: the AWS SDK's own, else us-east-1)",
    default: '',
    example: 'eu-west-1',
  }),
};

/** The resolved values of {@link registrySettingsSpec}. */
export interface RegistrySettings {
  MODEL_STORE_URI: string;
  REGISTRY_URL: string;
  /** Default: empty (the SDK's `AWS_REGION`, else us-east-1). */
  AWS_REGION?: string;
  S3_ENDPOINT_URL: string;
  S3_FORCE_PATH_STYLE: string;
  /** Default: 256. */
  S3_SINGLE_PUT_MAX_MB: number;
  S3_PART_SIZE_MB: number;
  S3_UPLOAD_CONCURRENCY: number;
}

/**
 * What a run passed into a container or a job takes from the submitting environment when set:
 * where it registers (the settings above) and the AWS SDK's credentials for the store.
 */
export const REGISTRY_VARIABLES: readonly string[] = [
  ...Object.keys(registrySettingsSpec),
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
];
