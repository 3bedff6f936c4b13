import { JOB_STATUSES, type JobStatus } from '@mesh/jobs';
import type { Output } from '@mesh/output';
import { UsageError } from '../../errors';
import { withJobs } from './with-jobs';

/** Options of `mesh jobs list`. */
export interface ListJobsCommandOptions {
  cwd: string;
  output: Output;
  project?: string;
  status?: string;
  /** Default: 50. */
  limit?: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh jobs list`: the newest jobs with backend, status and times. */
export async function listJobs(options: ListJobsCommandOptions): Promise<number> {
  if (options.status && !(JOB_STATUSES as readonly string[]).includes(options.status))
    throw new UsageError(`Unknown status "${options.status}": use ${JOB_STATUSES.join(', ')}.`);
  const limit = Number(options.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError('--limit must be a whole number above 0.');
  const records = await withJobs(options, ({ store }) =>
    store.list({ project: options.project, status: options.status as JobStatus, limit }),
  );
  if (options.json) {
    options.output.json(records);
    return 0;
  }
  if (records.length === 0) {
    options.output.info('No jobs yet: mesh jobs submit <project> --backend local starts one.');
    return 0;
  }
  options.output.table(records, [
    { header: 'ID', value: (record) => record.id },
    { header: 'NAME', value: (record) => record.name },
    { header: 'BACKEND', value: (record) => record.backend },
    { header: 'STATUS', value: (record) => `${record.status}${record.dryRun ? ' (dry run)' : ''}` },
    { header: 'CREATED', value: (record) => record.createdAt.replace('T', ' ').slice(0, 19) },
    { header: 'EXIT', value: (record) => record.exitCode ?? '', alignRight: true },
  ]);
  return 0;
}
