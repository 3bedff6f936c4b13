import type { BackendName, JobRecord, JobSpec, LogStream } from './job-types';

/** Why a running job was stopped early. */
export type StopReason = 'cancelled' | 'timeout';

/** What a backend may tell about the job it runs, as it happens. */
export interface JobContext {
  spec: JobSpec;
  /** Aborted when the job is cancelled or times out; `signal.reason` is a {@link StopReason}. */
  signal: AbortSignal;
  /** A line of the job's output or of mesh's own account of what it did. */
  log(stream: LogStream, line: string): void;
  /** The backend's id for the job (pid, container id, Job name), once it has one. */
  externalId(id: string): void;
  /** The job reached the platform (`submitted`) or started (`running`). */
  status(status: 'submitted' | 'running'): void;
  /** The manifest or spec submitted (secrets only as references): stored once with the record. */
  manifest?(manifest: object): void;
}

/** How a backend's run ended. `submitted` means handed off (or a dry run) with nothing more to follow. */
export interface JobOutcome {
  status: 'submitted' | 'succeeded' | 'failed' | 'cancelled';
  exitCode?: number;
  error?: string;
  /** Only printed, not applied. */
  dryRun?: boolean;
}

/** One place a job can run. Every backend takes the same {@link JobSpec}. */
export interface JobBackend {
  readonly name: BackendName;
  /** Runs (or submits) the job, resolving when it ends or is handed off. Never rejects for the job's own failure. */
  run(context: JobContext): Promise<JobOutcome>;
  /**
   * Whether `run` only plans this job (a dry run): it touches nothing outside, resolves at once
   * and needs no status updates, so the runner stores the final record in one transaction.
   */
  completesAtOnce?(spec: JobSpec): boolean;
  /**
   * Stops a job that another process started, from its record alone (e.g. `mesh jobs cancel`
   * while `mesh serve` runs it). Resolves false when it cannot.
   */
  stopExternal?(record: JobRecord): Promise<boolean>;
  /**
   * Follows a job this backend already started, from another process that died (e.g. a
   * Kubernetes Job applied before the Training API restarted), to its end. `context.spec` is
   * rebuilt from the record: id, name and backend only.
   */
  follow?(context: JobContext): Promise<JobOutcome>;
}
