import type { JobRecord, JobStatus, LogEntry, LogStream } from '../job-types';

/** Filters of {@link JobStore.list}. */
export interface ListJobsOptions {
  /** Newest first, at most this many. Default: 100. */
  limit?: number;
  project?: string;
  status?: JobStatus;
}

/** Filters and position of {@link JobStore.page}: each filter is backed by an index. */
export interface PageJobsOptions extends ListJobsOptions {
  backend?: string;
  /** Only jobs created at or after this ISO time. */
  createdFrom?: string;
  /** Only jobs created before this ISO time. */
  createdTo?: string;
  /** Where the previous page ended (its `nextCursor`). */
  cursor?: string;
}

/** One page of jobs, newest first. */
export interface JobPage {
  jobs: JobRecord[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** What is stored with a new record in the same transaction. */
export interface CreateJobExtras {
  /** Its first log lines. */
  logs?: Array<{ at: string; stream: LogStream; line: string }>;
  /** The manifest or spec it submitted. */
  manifest?: object;
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
  /** Stores a new record (and its extras) in one transaction; a taken name throws `JobNameTakenError`. */
  create(record: JobRecord, extras?: CreateJobExtras): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  list(options?: ListJobsOptions): Promise<JobRecord[]>;
  /** A page of jobs, newest first, after `cursor`. */
  page(options?: PageJobsOptions): Promise<JobPage>;
  /** The manifest or spec the job submitted. */
  manifest(id: string): Promise<object | undefined>;
  setManifest(id: string, manifest: object): Promise<void>;
  /** Jobs not yet succeeded, failed or cancelled (read through the status index). */
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
  /** The last `tail` lines of each job's log, in one read (for a page of jobs). */
  tails(ids: readonly string[], tail: number): Promise<Map<string, LogEntry[]>>;
  close(): Promise<void>;
}
