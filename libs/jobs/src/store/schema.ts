import type { Generated } from 'kysely';

/** A job. JSON columns are text, booleans integers: the same on SQLite and PostgreSQL. */
export interface JobsTable {
  id: string;
  name: string;
  backend: string;
  project: string | null;
  component: string | null;
  external_id: string | null;
  status: string;
  dry_run: number;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  exit_code: number | null;
  error: string | null;
  args: string;
  owner: string | null;
  cancel_requested: number;
  /** The submitted manifest or spec, JSON (since migration 0002). */
  manifest?: string | null;
}

/** One line of a job's log timeline; `seq` orders lines across all jobs. */
export interface JobLogsTable {
  seq: Generated<number>;
  job_id: string;
  at: string;
  stream: string;
  line: string;
}

export interface JobsDatabase {
  jobs: JobsTable;
  job_logs: JobLogsTable;
}
