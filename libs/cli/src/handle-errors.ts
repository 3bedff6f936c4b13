import type { Output } from '@mesh/output';
import { MeshError } from './errors';

type ErrorType = abstract new (...args: never[]) => Error;

/**
 * Failures whose message says all a user needs: shown without a stack trace. Their classes come
 * from every library, so they are loaded only when a command fails: `mesh --help` and each
 * command load just what they run.
 */
function expectedErrors(): ErrorType[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const ci = require('@mesh/ci') as typeof import('@mesh/ci');
  const store = require('@mesh/model-store') as typeof import('@mesh/model-store');
  const docker = require('@mesh/docker') as typeof import('@mesh/docker');
  const inference = require('@mesh/inference') as typeof import('@mesh/inference');
  const jobs = require('@mesh/jobs') as typeof import('@mesh/jobs');
  const registry = require('@mesh/registry') as typeof import('@mesh/registry');
  const settings = require('@mesh/settings') as typeof import('@mesh/settings');
  const workspace = require('@mesh/workspace') as typeof import('@mesh/workspace');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return [
    ci.CiError,
    docker.DockerUnavailableError,
    docker.EngineApiError,
    docker.ImageBuildError,
    docker.ImagePushError,
    docker.MissingBaseImageError,
    inference.InferenceError,
    jobs.JobError,
    MeshError,
    settings.SettingsError,
    registry.RegistryError,
    store.InvalidStoreUriError,
    store.StoreUnreachableError,
    store.BucketNotFoundError,
    store.ChecksumMismatchError,
    store.ObjectNotFoundError,
    workspace.WorkspaceError,
  ];
}

/**
 * The one place that turns a command's failure into an exit code and a message: known errors
 * print their message alone, anything else its message and, with `--verbose`, the stack.
 */
export async function handleErrors(
  output: Output,
  verbose: boolean,
  command: () => Promise<number | void>,
): Promise<number> {
  try {
    return (await command()) ?? 0;
  } catch (error) {
    const expected =
      error instanceof MeshError ||
      expectedErrors().some((type) => error instanceof type) ||
      // A component's data error (from its own copy of @mesh/data) names the file and line.
      (error as Error)?.name === 'DataError';
    const message = error instanceof Error ? error.message : String(error);
    output.error(expected || verbose ? message : `${message} (run with --verbose for details)`);
    if (verbose && error instanceof Error && error.stack) output.info(error.stack);
    const code = (error as { exitCode?: unknown }).exitCode;
    return typeof code === 'number' ? code : 1;
  }
}
