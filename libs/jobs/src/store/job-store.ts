import type { JobRecord, JobStatus, LogEntry, LogStream } from '../job-types';

/** Filters of {@link JobStore.list}. */
export interface ListJobsOptions {
  /** Newest first, at most this many. Default: 100. */
  limit?: number;
  project?: string;
  status?: JobStatus;
}

/** Which lines of a log to read. */
export interface ReadLogOptions {
  /** Only lines after this sequence number (to follow a log). */
  afterSeq?: number;
  /** Only the last this many lines. */
  tail?: number;
}

/** Where job records and their log timelines are kept. Values given to it are already redacted. */
export interface JobStore {
  create(record: JobRecord): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  list(options?: ListJobsOptions): Promise<JobRecord[]>;
  /** Jobs not yet succeeded, failed or cancelled. */
  unfinished(): Promise<JobRecord[]>;
  /**
   * Changes a job unless it already ended: a finished job's record never changes again. Returns
   * the record after the change, or undefined when the job had already ended.
   */
  update(id: string, patch: Partial<Omit<JobRecord, 'id'>>): Promise<JobRecord | undefined>;
  appendLogs(
    id: string,
    lines: Array<{ at: string; stream: LogStream; line: string }>,
  ): Promise<void>;
  logs(id: string, options?: ReadLogOptions): Promise<LogEntry[]>;
  close(): Promise<void>;
}
