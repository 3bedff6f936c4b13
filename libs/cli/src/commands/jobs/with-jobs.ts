import { openJobs, type Jobs } from '@mesh/jobs';
import { meshHome } from '@mesh/pipeline';
import type { Output } from '@mesh/output';
import type { JobRecord, LogEntry } from '@mesh/jobs';

/** Where the jobs commands look: the registry database of `REGISTRY_URL` or `MESH_HOME`. */
export interface JobsAccessOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Settings overrides, e.g. a dry run's `K8S_APPLY=0`. */
  overrides?: Record<string, string>;
}

/** Opens the jobs of the workspace, runs `work`, and closes them whatever happens. */
export async function withJobs<T>(
  options: JobsAccessOptions,
  work: (jobs: Jobs, home: string) => Promise<T>,
): Promise<T> {
  const env = options.env ?? process.env;
  const home = meshHome(options.cwd, env);
  const jobs = await openJobs({ env, meshHome: home, overrides: options.overrides });
  try {
    return await work(jobs, home);
  } finally {
    await jobs.close();
  }
}

/** One log line as printed: time, stream, text. */
export function formatEntry(entry: LogEntry): string {
  return `${entry.at.slice(11, 23)} ${entry.stream.padEnd(6)} ${entry.line}`;
}

/** The summary line of a job. */
export function describeJob(record: JobRecord): string {
  const outcome = [
    record.dryRun ? 'dry run' : '',
    record.exitCode !== null ? `exit code ${record.exitCode}` : '',
    record.error ?? '',
  ]
    .filter(Boolean)
    .join(', ');
  return `Job ${record.id} (${record.name}) on ${record.backend}: ${record.status}${outcome ? ` (${outcome})` : ''}`;
}

/** Prints a record's fields as `name: value` lines. */
export function printRecord(output: Output, record: JobRecord): void {
  const fields: Array<[string, unknown]> = [
    ['id', record.id],
    ['name', record.name],
    ['backend', record.backend],
    ['status', record.status],
    ['project', record.project && `${record.project} (${record.component})`],
    ['external id', record.externalId],
    ['dry run', record.dryRun || undefined],
    ['created', record.createdAt],
    ['started', record.startedAt],
    ['finished', record.finishedAt],
    ['exit code', record.exitCode],
    ['error', record.error],
    ['args', JSON.stringify(record.args)],
  ];
  for (const [name, value] of fields)
    if (value !== null && value !== undefined) output.result(`${`${name}:`.padEnd(13)}${value}`);
}
