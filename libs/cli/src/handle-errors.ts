import { Output } from '@mesh/output';
import { SettingsError } from '@mesh/settings';
import { MeshError } from './errors';

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
    if (error instanceof MeshError || error instanceof SettingsError) {
      output.error(error.message);
      if (verbose && error.stack) output.info(error.stack);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    output.error(`${message}${verbose ? '' : ' (run with --verbose for details)'}`);
    if (verbose && error instanceof Error && error.stack) output.info(error.stack);
    return 1;
  }
}
