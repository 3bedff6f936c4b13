import { Output } from '@mesh/output';
import { UsageError } from './args';

/**
 * Runs a command's body with the project's exit codes: 0 done, 1 failed (bad data, failed
 * check), 2 usage error (printed with the usage), 130 interrupted.
 */
export async function runCommand(
  usage: string,
  body: (output: Output) => Promise<void>,
): Promise<number> {
  const output = new Output();
  process.once('SIGINT', () => {
    output.error('interrupted');
    process.exit(130);
  });
  try {
    await body(output);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(`${error.message}\n\nusage: ${usage}`);
      return 2;
    }
    output.error((error as Error).message);
    return 1;
  }
}
