import { UnknownJobError } from '@mesh/jobs';
import type { Output } from '@mesh/output';
import { MeshError } from '../../errors';
import { describeJob, withJobs } from './with-jobs';

/** Options of `mesh jobs cancel`. */
export interface CancelJobOptions {
  cwd: string;
  output: Output;
  id: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh jobs cancel`: stops a job wherever it runs (a local process by signal, a container, a
 * Kubernetes Job) and records it as cancelled; a finished job is left as it is.
 */
export async function cancelJob(options: CancelJobOptions): Promise<number> {
  return withJobs(options, async ({ runner }) => {
    try {
      const record = await runner.cancel(options.id);
      options.output.info(describeJob(record));
      return 0;
    } catch (error) {
      if (error instanceof UnknownJobError) throw new MeshError(error.message);
      throw error;
    }
  });
}
