import { type Kysely, type Selectable } from 'kysely';
import {
  connect,
  describeLocation,
  parseRegistryUrl,
  RegistryError,
  type RegistryConnection,
  type RegistrySettings,
} from '@mesh/registry';
import {
  TERMINAL_STATUSES,
  type BackendName,
  type JobRecord,
  type JobStatus,
  type LogEntry,
  type LogStream,
} from '../job-types';
import type { JobStore, ListJobsOptions, ReadLogOptions } from './job-store';
import { migrateJobs } from './migrations';
import type { JobsDatabase, JobsTable } from './schema';

const TERMINAL = [...TERMINAL_STATUSES];

function toRecord(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    name: row.name,
    backend: row.backend as BackendName,
    project: row.project,
    component: row.component,
    externalId: row.external_id,
    status: row.status as JobStatus,
    dryRun: Boolean(row.dry_run),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    exitCode: row.exit_code,
    error: row.error,
    args: JSON.parse(row.args) as Record<string, unknown>,
    owner: row.owner,
    cancelRequested: Boolean(row.cancel_requested),
  };
}

function toRow(patch: Partial<Omit<JobRecord, 'id'>>): Partial<JobsTable> {
  const row: Partial<JobsTable> = {};
  if (patch.name !== undefined) row.name = patch.name;
  if (patch.backend !== undefined) row.backend = patch.backend;
  if (patch.project !== undefined) row.project = patch.project;
  if (patch.component !== undefined) row.component = patch.component;
  if (patch.externalId !== undefined) row.external_id = patch.externalId;
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.dryRun !== undefined) row.dry_run = patch.dryRun ? 1 : 0;
  if (patch.createdAt !== undefined) row.created_at = patch.createdAt;
  if (patch.updatedAt !== undefined) row.updated_at = patch.updatedAt;
  if (patch.startedAt !== undefined) row.started_at = patch.startedAt;
  if (patch.finishedAt !== undefined) row.finished_at = patch.finishedAt;
  if (patch.exitCode !== undefined) row.exit_code = patch.exitCode;
  if (patch.error !== undefined) row.error = patch.error;
  if (patch.args !== undefined) row.args = JSON.stringify(patch.args);
  if (patch.owner !== undefined) row.owner = patch.owner;
  if (patch.cancelRequested !== undefined) row.cancel_requested = patch.cancelRequested ? 1 : 0;
  return row;
}

/** {@link JobStore} in the registry's database (SQLite or PostgreSQL) through Kysely. */
export class SqlJobStore implements JobStore {
  private readonly db: Kysely<JobsDatabase>;

  constructor(private readonly connection: RegistryConnection) {
    this.db = connection.db as unknown as Kysely<JobsDatabase>;
  }

  /** Creates or updates the jobs tables. */
  async migrate(): Promise<void> {
    await migrateJobs(this.connection.db as never);
  }

  async create(record: JobRecord): Promise<void> {
    await this.db
      .insertInto('jobs')
      .values({ id: record.id, ...toRow(record) } as JobsTable)
      .execute();
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const row = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async list(options: ListJobsOptions = {}): Promise<JobRecord[]> {
    let query = this.db.selectFrom('jobs').selectAll();
    if (options.project) query = query.where('project', '=', options.project);
    if (options.status) query = query.where('status', '=', options.status);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toRecord);
  }

  async unfinished(): Promise<JobRecord[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('status', 'not in', TERMINAL)
      .orderBy('created_at')
      .execute();
    return rows.map(toRecord);
  }

  async update(id: string, patch: Partial<Omit<JobRecord, 'id'>>): Promise<JobRecord | undefined> {
    const result = await this.db
      .updateTable('jobs')
      .set(toRow(patch))
      .where('id', '=', id)
      .where('status', 'not in', TERMINAL)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return this.get(id);
  }

  async appendLogs(
    id: string,
    lines: Array<{ at: string; stream: LogStream; line: string }>,
  ): Promise<void> {
    if (lines.length === 0) return;
    // Bounded statements: SQLite limits the number of bound parameters.
    for (let start = 0; start < lines.length; start += 200)
      await this.db
        .insertInto('job_logs')
        .values(lines.slice(start, start + 200).map((entry) => ({ job_id: id, ...entry })))
        .execute();
  }

  async logs(id: string, options: ReadLogOptions = {}): Promise<LogEntry[]> {
    let query = this.db
      .selectFrom('job_logs')
      .select(['seq', 'at', 'stream', 'line'])
      .where('job_id', '=', id);
    if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
    const rows =
      options.tail !== undefined
        ? (await query.orderBy('seq', 'desc').limit(options.tail).execute()).reverse()
        : await query.orderBy('seq').execute();
    return rows.map((row) => ({ ...row, seq: Number(row.seq), stream: row.stream as LogStream }));
  }

  async close(): Promise<void> {
    await this.connection.db.destroy();
  }
}

/** Options of {@link openJobStore}. */
export interface OpenJobStoreOptions {
  /** `REGISTRY_URL` decides the database: the registry's own. */
  settings: Pick<RegistrySettings, 'REGISTRY_URL'>;
  /** Home of the embedded database, `<meshHome>/registry.db`. */
  meshHome: string;
}

/** Opens the job store in the registry's database and brings its tables up to date. */
export async function openJobStore(options: OpenJobStoreOptions): Promise<SqlJobStore> {
  const location = parseRegistryUrl(options.settings.REGISTRY_URL, options.meshHome);
  const store = new SqlJobStore(connect(location));
  for (let attempt = 1; ; attempt++) {
    try {
      await store.migrate();
      return store;
    } catch (error) {
      // Two processes creating the tables of a new database at once can collide; the loser retries.
      if (attempt < 4) {
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
        continue;
      }
      await store.close().catch(() => undefined);
      throw new RegistryError(
        `Cannot prepare the jobs tables in ${describeLocation(location)}: ${(error as Error).message}. Check REGISTRY_URL.`,
        { cause: error },
      );
    }
  }
}
