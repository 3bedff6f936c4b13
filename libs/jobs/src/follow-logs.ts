import { TERMINAL_STATUSES, type JobRecord, type LogEntry } from './job-types';
import type { JobStore } from './store/job-store';

/** Options of {@link followLogs}. */
export interface FollowLogsOptions {
  /** Start after this sequence number. Default: the beginning. */
  afterSeq?: number;
  /** How often the store is read. Default: 250 ms. */
  pollMs?: number;
  /** Stops following early. */
  signal?: AbortSignal;
}

/**
 * Whether a job will say nothing more: it ended, was only printed (a dry run), or was handed to
 * Vertex AI, which mesh does not follow.
 */
export function isSettled(record: JobRecord): boolean {
  return (
    TERMINAL_STATUSES.has(record.status) ||
    (record.status === 'submitted' && (record.dryRun || record.backend === 'vertex'))
  );
}

/**
 * Calls `onEntry` for each log line of a job as it is stored, from any process, until the job
 * settles (see {@link isSettled}) and its last lines are read. Resolves with the final record.
 */
export async function followLogs(
  store: JobStore,
  id: string,
  onEntry: (entry: LogEntry) => void,
  options: FollowLogsOptions = {},
): Promise<JobRecord | undefined> {
  let after = options.afterSeq ?? 0;
  const pollMs = options.pollMs ?? 250;
  for (;;) {
    const record = await store.get(id);
    const entries = await store.logs(id, { afterSeq: after });
    for (const entry of entries) {
      onEntry(entry);
      after = entry.seq;
    }
    if (!record || isSettled(record) || options.signal?.aborted) {
      // Lines written between the two reads above.
      for (const entry of await store.logs(id, { afterSeq: after })) {
        onEntry(entry);
        after = entry.seq;
      }
      return record;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
