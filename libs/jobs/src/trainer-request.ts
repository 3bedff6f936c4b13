import { BACKENDS, type BackendName } from './job-types';
import { JobRequestError } from './errors';
import { isSecretKey } from './request-secrets';

/** Fields of a trainer request that are not trainer flags. */
const RESERVED = new Set(['backend', 'env', 'job_name', 'trainer_args', 'model', 'model_name']);

/** What the Kubernetes API accepts as an environment variable name (`IsEnvVarName`). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Schemes `dataset_file` may use on each backend: remote backends read it from a bucket. */
export const DATASET_SCHEMES: Record<BackendName, readonly string[]> = {
  local: ['a path', 'file://', 's3://', 'gs://', 'http://', 'https://'],
  docker: ['a path', 'file://', 's3://', 'gs://', 'http://', 'https://'],
  kubernetes: ['s3://', 'gs://'],
  vertex: ['s3://', 'gs://'],
};

/** A seed-style trainer request, normalised: flags merged and the model alias resolved. */
export interface TrainerRequest {
  backend: BackendName;
  jobName?: string;
  /** Flags for the training script, in order: top-level fields, then `trainer_args`. */
  args: Record<string, unknown>;
  env: Record<string, string>;
}

/**
 * Normalises the body of `POST /train` in the seed's shape: `model` and `model_name` become
 * `model_id`, `trainer_args` merge under the top-level fields, `dataset_file` and `output_dir`
 * are required, and `dataset_file` must use a scheme the backend can read.
 */
export function normaliseTrainerRequest(
  body: Record<string, unknown>,
  defaultBackend: BackendName,
): TrainerRequest {
  const backend = (body.backend ?? defaultBackend) as BackendName;
  if (!BACKENDS.includes(backend))
    throw new JobRequestError('backend', `"${String(backend)}" is not a backend`, BACKENDS);
  const args: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) if (!RESERVED.has(name)) args[name] = value;
  const model = body.model_id ?? body.model ?? body.model_name;
  if (model !== undefined) args.model_id = model;
  const extra = body.trainer_args;
  if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra)))
    throw new JobRequestError('trainer_args', 'must be an object of flag names to values');
  for (const [name, value] of Object.entries((extra ?? {}) as Record<string, unknown>))
    if (!(name in args)) args[name] = value;

  for (const field of ['dataset_file', 'output_dir'])
    if (typeof args[field] !== 'string' || (args[field] as string).trim() === '')
      throw new JobRequestError(field, 'is required');
  checkDatasetScheme(args.dataset_file as string, backend);

  const env = body.env ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env))
    throw new JobRequestError('env', 'must be an object of variable names to strings');
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name))
      throw new JobRequestError(
        `env.${JSON.stringify(name).slice(1, -1)}`,
        'is not a valid environment variable name: letters, digits, "_", "-" and ".", not starting with a digit (as Kubernetes requires)',
      );
    if (typeof value !== 'string') throw new JobRequestError(`env.${name}`, 'must be a string');
  }
  const jobName = body.job_name;
  if (jobName !== undefined && typeof jobName !== 'string')
    throw new JobRequestError('job_name', 'must be a string');
  return { backend, jobName, args, env: env as Record<string, string> };
}

/** Rejects a `dataset_file` whose scheme the backend cannot read. */
export function checkDatasetScheme(uri: string, backend: BackendName): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  const accepted = DATASET_SCHEMES[backend];
  const ok = scheme ? accepted.includes(`${scheme}://`) : accepted.includes('a path');
  if (!ok)
    throw new JobRequestError(
      'dataset_file',
      `"${uri}" cannot be read by the ${backend} backend`,
      accepted,
    );
}

/**
 * Renders trainer flags the way the seed did: `foo_bar` → `--foo-bar <value>`, `true` → a bare
 * `--flag`, `false`, null and undefined omitted, arrays repeat the flag, objects as JSON.
 */
export function renderFlags(args: Record<string, unknown>): string[] {
  const flags: string[] = [];
  for (const [name, value] of Object.entries(args)) {
    const flag = `--${name.replace(/_/g, '-')}`;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === false || item === null || item === undefined) continue;
      if (item === true) flags.push(flag);
      else flags.push(flag, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  return flags;
}

/** Flags ready for a job: secret values replaced by `$(NAME)` references to secret variables. */
export interface SecretFlags {
  /** The flags, with `$(MESH_SECRET_ARG_<n>)` wherever a secret value would be. */
  flags: string[];
  /** The secret variables the references name, with their values. */
  secrets: Record<string, string>;
}

/**
 * Renders trainer flags like {@link renderFlags}, but a flag value that is secret (its name is
 * secret-like, e.g. `hf_token`, `apiKey`, or it contains one of `secretValues`) is never
 * inlined: it becomes `$(MESH_SECRET_ARG_<n>)`, which Kubernetes expands from the container's
 * environment (and the local and docker backends expand just before starting the process), so
 * flags can be stored, logged and written into manifests as they are.
 */
export function renderSecretFlags(
  args: Record<string, unknown>,
  secretValues: readonly string[] = [],
): SecretFlags {
  const secrets: Record<string, string> = {};
  const guarded: Record<string, unknown> = {};
  const hide = (text: string): string => {
    const name = `MESH_SECRET_ARG_${Object.keys(secrets).length + 1}`;
    secrets[name] = text;
    return `$(${name})`;
  };
  for (const [name, value] of Object.entries(args)) {
    const secretName = isSecretKey(name);
    const guard = (item: unknown): unknown => {
      if (item === false || item === null || item === undefined || item === true) return item;
      const text = typeof item === 'object' ? JSON.stringify(item) : String(item);
      return secretName || secretValues.some((secret) => text.includes(secret)) ? hide(text) : text;
    };
    guarded[name] = Array.isArray(value) ? value.map(guard) : guard(value);
  }
  return { flags: renderFlags(guarded), secrets };
}

const SECRET_REFERENCE = /\$\((MESH_SECRET_ARG_\d+)\)/g;

/** The secret variables an argument references as `$(MESH_SECRET_ARG_<n>)`. */
export function secretArgReferences(arg: string): string[] {
  return [...arg.matchAll(SECRET_REFERENCE)].map((match) => match[1]);
}

/** Arguments with their `$(MESH_SECRET_ARG_<n>)` references replaced by the values, for a process about to start. */
export function expandSecretArgs(args: string[], secrets: Record<string, string>): string[] {
  return args.map((arg) =>
    arg.replace(SECRET_REFERENCE, (reference, name: string) => secrets[name] ?? reference),
  );
}
