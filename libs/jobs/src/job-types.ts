import type { ComponentDeclaration } from '@mesh/workspace';

/** Where a job runs. */
export const BACKENDS = ['local', 'docker', 'kubernetes', 'vertex'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * A job's life: `queued → submitting → submitted → running → succeeded | failed | cancelled`.
 * A dry run (Kubernetes or Vertex without applying) ends at `submitted`, with the manifest in
 * its log.
 */
export const JOB_STATUSES = [
  'queued',
  'submitting',
  'submitted',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses a job never leaves. */
export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
]);

/** Where a log line came from: the job's own streams, or mesh saying what it did. */
export type LogStream = 'stdout' | 'stderr' | 'system';

/** One line of a job's log timeline. */
export interface LogEntry {
  /** Increasing across the whole database: `GET /jobs/:id/logs` resumes after it. */
  seq: number;
  at: string;
  stream: LogStream;
  line: string;
}

/**
 * Everything a backend needs to run one job. Built by {@link componentJobSpec} or
 * {@link trainerJobSpec}; only `secrets` holds secret values, and it is never stored.
 */
export interface JobSpec {
  id: string;
  /** Unique per submission and a valid DNS-1123 label, e.g. `keywords-train-3f9c2a1b`. */
  name: string;
  backend: BackendName;
  /** The mesh project and component, when the job runs one. */
  project?: string;
  component?: string;
  /** Git commit the job was submitted from, for labels and lineage. */
  gitSha?: string;
  /** Container image (docker, kubernetes, vertex). */
  image?: string;
  /** Local backend: the program and its arguments. Container backends: the image's entrypoint is kept. */
  command?: string[];
  /** Arguments passed to the image's entrypoint (container backends) or appended to `command`. */
  args: string[];
  /** Non-secret environment. */
  env: Record<string, string>;
  /** Secret environment (names like `*_TOKEN`, or settings marked secret): values never stored or printed. */
  secrets: Record<string, string>;
  /**
   * Every secret value the request carried (collected once by name, URL and declaration):
   * scrubbed from everything derived from the job. Never stored.
   */
  secretValues?: string[];
  /** What one run needs: GPUs, CPU, memory, Kubernetes scheduling. */
  resources: ComponentDeclaration;
  /** Local backend: working directory. */
  cwd?: string;
  /** Docker backend: bind mounts (`host:container`), user and network. */
  docker?: { binds?: string[]; user?: string; network?: string };
  /** Ends the job as failed after this long. Default: no limit. */
  timeoutMs?: number;
  /** What was asked for, normalised and redacted: stored with the record and returned by the API. */
  request: Record<string, unknown>;
}

/** A job as stored: status, timestamps, outcome and (separately) its log timeline. */
export interface JobRecord {
  id: string;
  name: string;
  backend: BackendName;
  project: string | null;
  component: string | null;
  /** The backend's own id: a pid, a container id, a Kubernetes Job name, a Vertex job name. */
  externalId: string | null;
  status: JobStatus;
  /** Whether the Kubernetes or Vertex submission was only printed (not applied). */
  dryRun: boolean;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
  error: string | null;
  /** The normalised request, secrets redacted. */
  args: Record<string, unknown>;
  /** Which process runs the job (`host:pid`), so a restart can tell an orphan from a live one. */
  owner: string | null;
  cancelRequested: boolean;
}
