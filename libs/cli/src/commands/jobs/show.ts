import { UnknownJobError } from '@mesh/jobs';
import type { Output } from '@mesh/output';
import { MeshError } from '../../errors';
import { formatEntry, printRecord, withJobs } from './with-jobs';

/** Options of `mesh jobs show`. */
export interface ShowJobOptions {
  cwd: string;
  output: Output;
  id: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh jobs show`: a job's record and its whole log timeline. */
export async function showJob(options: ShowJobOptions): Promise<number> {
  return withJobs(options, async ({ store }) => {
    const record = await store.get(options.id);
    if (!record) throw new MeshError(new UnknownJobError(options.id).message);
    const logs = await store.logs(options.id);
    if (options.json) {
      options.output.json({ ...record, logs });
      return 0;
    }
    printRecord(options.output, record);
    options.output.result('log:');
    for (const entry of logs) options.output.result(`  ${formatEntry(entry)}`);
    return 0;
  });
}
