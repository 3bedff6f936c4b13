import { followLogs, UnknownJobError } from '@mesh/jobs';
import type { Output } from '@mesh/output';
import { MeshError } from '../../errors';
import { formatEntry, withJobs } from './with-jobs';

/** Options of `mesh jobs logs`. */
export interface JobLogsOptions {
  cwd: string;
  output: Output;
  id: string;
  /** Keep printing new lines until the job ends. Default: false. */
  follow?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh jobs logs`: a job's log timeline, or with `--follow` its lines as they come. */
export async function jobLogs(options: JobLogsOptions): Promise<number> {
  return withJobs(options, async ({ store }) => {
    if (!(await store.get(options.id)))
      throw new MeshError(new UnknownJobError(options.id).message);
    const print = (entry: Parameters<typeof formatEntry>[0]) =>
      options.output.result(formatEntry(entry));
    if (options.follow) await followLogs(store, options.id, print);
    else for (const entry of await store.logs(options.id)) print(entry);
    return 0;
  });
}
