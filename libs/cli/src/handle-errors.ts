import { CiError } from '@mesh/ci';
import {
  ChecksumMismatchError,
  InvalidStoreUriError,
  ObjectNotFoundError,
  StoreUnreachableError,
  BucketNotFoundError,
} from '@mesh/model-store';
import {
  DockerUnavailableError,
  ImageBuildError,
  ImagePushError,
  MissingBaseImageError,
} from '@mesh/docker';
import { InferenceError } from '@mesh/inference';
import { JobError } from '@mesh/jobs';
import { Output } from '@mesh/output';
import { RegistryError } from '@mesh/registry';
import { SettingsError } from '@mesh/settings';
import { WorkspaceError } from '@mesh/workspace';
import { MeshError } from './errors';

// Failures whose message says all a user needs: shown without a stack trace.
const EXPECTED = [
  CiError,
  DockerUnavailableError,
  ImageBuildError,
  ImagePushError,
  MissingBaseImageError,
  InferenceError,
  JobError,
  MeshError,
  SettingsError,
  RegistryError,
  InvalidStoreUriError,
  StoreUnreachableError,
  BucketNotFoundError,
  ChecksumMismatchError,
  ObjectNotFoundError,
  WorkspaceError,
];

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
      EXPECTED.some((type) => error instanceof type) ||
      // A component's data error (from its own copy of @mesh/data) names the file and line.
      (error as Error)?.name === 'DataError';
    const message = error instanceof Error ? error.message : String(error);
    output.error(expected || verbose ? message : `${message} (run with --verbose for details)`);
    if (verbose && error instanceof Error && error.stack) output.info(error.stack);
    const code = (error as { exitCode?: unknown }).exitCode;
    return typeof code === 'number' ? code : 1;
  }
}
