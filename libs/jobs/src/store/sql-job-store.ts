import {
  connect,
  describeLocation,
  parseRegistryUrl,
  RegistryError,
  type RegistryConnection,
  type RegistrySettings,
} from '@mesh/registry';
import {
  JOB_STATUSES,
  TERMINAL_STATUSES,
  type BackendName,
  type JobRecord,
  type JobStatus,
  type LogEntry,
  type LogStream,
} from '../job-types';
import { JobNameTakenError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';
import { GroupCommit } from './group-commit';
import type {
  CreateJobExtras,
  JobPage,
  JobStore,
  ListJobsOptions,
  PageJobsOptions,
  ReadLogOptions,
} from './job-store';
import { migrateJobs } from './migrations';
import { WalCheckpointer } from './wal-checkpointer';
import type { JobsTable } from './schema';
import { postgresExecutor, sqliteExecutor, type SqlExecutor, type Statement } from './sql-executor';

/** Statuses a job can still leave: the only ones a restart looks at (through `jobs_status_created`). */
const OPEN_STATUSES = JOB_STATUSES.filter((status) => !TERMINAL_STATUSES.has(status));
const OPEN_LIST = OPEN_STATUSES.map((status) => `'${status}'`).join(', ');

/** Record fields and their columns, in insert order. */
const COLUMNS: Array<[keyof JobRecord, keyof JobsTable]> = [
  ['id', 'id'],
  ['name', 'name'],
  ['backend', 'backend'],
  ['project', 'project'],
  ['component', 'component'],
  ['externalId', 'external_id'],
  ['status', 'status'],
  ['dryRun', 'dry_run'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
  ['startedAt', 'started_at'],
  ['finishedAt', 'finished_at'],
  ['exitCode', 'exit_code'],
  ['error', 'error'],
  ['args', 'args'],
  ['owner', 'owner'],
  ['cancelRequested', 'cancel_requested'],
];
const COLUMN_LIST = COLUMNS.map(([, column]) => column).join(', ');
const INSERT_JOB = `insert into jobs (${COLUMN_LIST}, manifest) values (${COLUMNS.map(() => '?').join(', ')}, ?)`;
const INSERT_LOG = 'insert into job_logs (job_id, at, stream, line) values (?, ?, ?, ?)';
/** Column types PostgreSQL's `unnest` needs for the arrays of a batch insert. */
const INTEGER_COLUMNS = new Set<keyof JobsTable>(['dry_run', 'exit_code', 'cancel_requested']);
/**
 * PostgreSQL only: a batch of records and their first log lines in one statement (one round
 * trip, one commit): one array per column of the records, then four (job id, at, stream, line)
 * of the lines.
 */
const INSERT_JOBS_WITH_LOGS = `with job as (
    insert into jobs (${COLUMN_LIST}, manifest)
    select * from unnest(${COLUMNS.map(([, column]) => `?::${INTEGER_COLUMNS.has(column) ? 'integer' : 'text'}[]`).join(', ')}, ?::text[])
    returning id
  )
  insert into job_logs (job_id, at, stream, line)
  select line.job_id, line.at, line.stream, line.line
  from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as line(job_id, at, stream, line, n)
  join job on job.id = line.job_id
  order by line.n`;

/** A record waiting for its group commit. */
interface PendingCreate {
  record: JobRecord;
  values: unknown[];
  logs: NonNullable<CreateJobExtras['logs']>;
}

function toColumn(field: keyof JobRecord, value: unknown): unknown {
  if (field === 'dryRun' || field === 'cancelRequested') return value ? 1 : 0;
  if (field === 'args') return JSON.stringify(value);
  return value;
}

function toRecord(row: JobsTable): JobRecord {
  return {
    id: row.id,
    name: row.name,
    backend: row.backend as BackendName,
    project: row.project,
    component: row.component,
    externalId: row.external_id,
    status: row.status as JobStatus,
    dryRun: Boolean(Number(row.dry_run)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    exitCode: row.exit_code === null ? null : Number(row.exit_code),
    error: row.error,
    args: JSON.parse(row.args) as Record<string, unknown>,
    owner: row.owner,
    cancelRequested: Boolean(Number(row.cancel_requested)),
  };
}

function isNameConflict(error: unknown): boolean {
  const { code, message, constraint } = error as {
    code?: string;
    message?: string;
    constraint?: string;
  };
  return (
    (code === 'SQLITE_CONSTRAINT_UNIQUE' && /jobs\.name/.test(message ?? '')) ||
    (code === '23505' && constraint === 'jobs_name_key')
  );
}

/**
 * {@link JobStore} in the registry's database (SQLite or PostgreSQL): plain statements
 * written once and prepared once, new records in group commits (records created together share
 * one transaction, each all or nothing), keyset pages.
 */
export class SqlJobStore implements JobStore {
  private readonly sql: SqlExecutor;
  /** New records, written in group commits (see {@link GroupCommit}). */
  private readonly creates: GroupCommit<PendingCreate>;
  /** SQLite with `walCheckpoints: 'worker'`: started by the first write. */
  private checkpointer?: WalCheckpointer;

  constructor(
    private readonly connection: RegistryConnection,
    private readonly options: SqlJobStoreOptions = {},
  ) {
    if (connection.sqlite) {
      // In WAL mode, NORMAL syncs the log at checkpoints instead of at every commit: a commit is
      // durable once written to the WAL, so a crash or kill -9 of the process loses nothing;
      // only an operating-system crash or power cut can undo the last commits (never corrupt
      // the file). FULL (SQLite's default) costs an fsync per submission on the event loop.
      connection.sqlite.pragma('synchronous = NORMAL');
      this.sql = sqliteExecutor(connection.sqlite);
    } else if (connection.pool) this.sql = postgresExecutor(connection.pool);
    else throw new Error('The job store needs a SQLite or PostgreSQL connection.');
    this.creates = new GroupCommit({
      write: (batch) => this.writeCreates(batch),
      // PostgreSQL: a second batch fills while the first one's round trip is under way.
      maxInFlight: this.sql.engine === 'postgres' ? 2 : 1,
    });
  }

  /** Creates or updates the jobs tables. */
  async migrate(): Promise<void> {
    await migrateJobs(this.connection.db as never);
  }

  async create(record: JobRecord, extras: CreateJobExtras = {}): Promise<void> {
    if (this.options.walCheckpoints === 'worker' && this.connection.sqlite && !this.checkpointer)
      this.checkpointer = WalCheckpointer.start(this.connection.sqlite, {
        onError: (error) =>
          process.stderr.write(
            `warning: WAL checkpoints are back inside commits (${error.message}); restart the service to move them off the event loop again.\n`,
          ),
      });
    const values = [
      ...COLUMNS.map(([field]) => toColumn(field, record[field])),
      extras.manifest === undefined ? null : JSON.stringify(extras.manifest),
    ];
    try {
      await this.creates.add({ record, values, logs: extras.logs ?? [] });
    } catch (error) {
      if (isNameConflict(error)) throw new JobNameTakenError(record.name);
      throw error;
    }
  }

  /** Stores a batch of new records: one commit for all, each record all or nothing. */
  private async writeCreates(batch: PendingCreate[]): Promise<Array<Error | undefined>> {
    const single = ({ record, values, logs }: PendingCreate): Statement[] => [
      [INSERT_JOB, values],
      ...logs.map((entry): Statement => [
        INSERT_LOG,
        [record.id, entry.at, entry.stream, entry.line],
      ]),
    ];
    // SQLite: one transaction of prepared statements, a savepoint per record, all in-process.
    if (this.sql.engine === 'sqlite') return this.sql.groups(batch.map(single));
    // PostgreSQL: the whole batch in one statement; when one record fails (a taken name), the
    // others are stored again one by one so only that one fails.
    const columns = [...COLUMNS, ['manifest', 'manifest']].map((_, i) =>
      batch.map((pending) => pending.values[i]),
    );
    const lines = batch.flatMap(({ record, logs }) =>
      logs.map((entry) => [record.id, entry.at, entry.stream, entry.line]),
    );
    const lineColumns = [0, 1, 2, 3].map((i) => lines.map((line) => line[i]));
    try {
      await this.sql.batch([[INSERT_JOBS_WITH_LOGS, [...columns, ...lineColumns]]]);
      return batch.map(() => undefined);
    } catch (error) {
      if (batch.length === 1) return [error as Error];
      return this.sql.groups(batch.map(single));
    }
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const [row] = await this.sql.all<JobsTable>(`select ${COLUMN_LIST} from jobs where id = ?`, [
      id,
    ]);
    return row ? toRecord(row) : undefined;
  }

  /** The manifest or spec the job submitted, as stored once at submission. */
  async manifest(id: string): Promise<object | undefined> {
    const [row] = await this.sql.all<{ manifest: string | null }>(
      'select manifest from jobs where id = ?',
      [id],
    );
    return row?.manifest ? (JSON.parse(row.manifest) as object) : undefined;
  }

  async list(options: ListJobsOptions = {}): Promise<JobRecord[]> {
    return (await this.page({ ...options, limit: options.limit ?? 100 })).jobs;
  }

  async page(options: PageJobsOptions = {}): Promise<JobPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['project', options.project],
      ['status', options.status],
      ['backend', options.backend],
    ] as const)
      if (value !== undefined) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    if (options.createdFrom !== undefined) {
      where.push('created_at >= ?');
      params.push(options.createdFrom);
    }
    if (options.createdTo !== undefined) {
      where.push('created_at < ?');
      params.push(options.createdTo);
    }
    if (options.cursor !== undefined) {
      const [createdAt, id] = decodeCursor(options.cursor);
      where.push('(created_at < ? or (created_at = ? and id < ?))');
      params.push(createdAt, createdAt, id);
    }
    const limit = options.limit ?? 100;
    const rows = await this.sql.all<JobsTable>(
      `select ${COLUMN_LIST} from jobs${where.length > 0 ? ` where ${where.join(' and ')}` : ''}
       order by created_at desc, id desc limit ?`,
      [...params, limit + 1],
    );
    const jobs = rows.slice(0, limit).map(toRecord);
    const last = jobs[jobs.length - 1];
    return {
      jobs,
      nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null,
    };
  }

  async unfinished(): Promise<JobRecord[]> {
    const rows = await this.sql.all<JobsTable>(
      `select ${COLUMN_LIST} from jobs where status in (${OPEN_LIST}) order by created_at`,
    );
    return rows.map(toRecord);
  }

  async update(id: string, patch: Partial<Omit<JobRecord, 'id'>>): Promise<JobRecord | undefined> {
    const set = COLUMNS.filter(
      ([field]) => field !== 'id' && (patch as Partial<JobRecord>)[field] !== undefined,
    );
    if (set.length === 0) return this.get(id);
    const [rows] = await this.sql.batch([
      [
        `update jobs set ${set.map(([, column]) => `${column} = ?`).join(', ')}
         where id = ? and status in (${OPEN_LIST}) returning ${COLUMN_LIST}`,
        [...set.map(([field]) => toColumn(field, (patch as Partial<JobRecord>)[field])), id],
      ],
    ]);
    const row = rows[0] as JobsTable | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Stores the manifest a job submitted (once). */
  async setManifest(id: string, manifest: object): Promise<void> {
    await this.sql.batch([
      ['update jobs set manifest = ? where id = ?', [JSON.stringify(manifest), id]],
    ]);
  }

  async appendLogs(
    id: string,
    lines: Array<{ at: string; stream: LogStream; line: string }>,
  ): Promise<void> {
    if (lines.length === 0) return;
    await this.sql.batch(
      lines.map((entry): Statement => [INSERT_LOG, [id, entry.at, entry.stream, entry.line]]),
    );
  }

  async logs(id: string, options: ReadLogOptions = {}): Promise<LogEntry[]> {
    const after = options.afterSeq ?? -1;
    const rows =
      options.tail !== undefined
        ? (
            await this.sql.all<LogEntry>(
              'select seq, at, stream, line from job_logs where job_id = ? and seq > ? order by seq desc limit ?',
              [id, after, options.tail],
            )
          ).reverse()
        : await this.sql.all<LogEntry>(
            'select seq, at, stream, line from job_logs where job_id = ? and seq > ? order by seq',
            [id, after],
          );
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }

  async tails(ids: readonly string[], tail: number): Promise<Map<string, LogEntry[]>> {
    const found = new Map<string, LogEntry[]>(ids.map((id) => [id, []]));
    if (ids.length === 0 || tail <= 0) return found;
    // One query for the whole page: each job's newest lines through the (job_id, seq) index.
    const rows = await this.sql.all<LogEntry & { job_id: string }>(
      `select job_id, seq, at, stream, line from (
         select job_id, seq, at, stream, line,
                row_number() over (partition by job_id order by seq desc) as n
         from job_logs where job_id in (${ids.map(() => '?').join(', ')})
       ) as newest where n <= ? order by job_id, seq`,
      [...ids, tail],
    );
    for (const { job_id: id, ...entry } of rows)
      found.get(id)?.push({ ...entry, seq: Number(entry.seq) });
    return found;
  }

  /** Checkpoints run by the worker so far (`walCheckpoints: 'worker'` on SQLite). */
  get checkpointStats(): WalCheckpointer['stats'] | undefined {
    return this.checkpointer?.stats;
  }

  async close(): Promise<void> {
    await this.creates.flushed();
    await this.checkpointer?.stop();
    await this.connection.db.destroy();
  }
}

/** Options of {@link SqlJobStore}. */
export interface SqlJobStoreOptions {
  /**
   * Who copies SQLite's write-ahead log into the database. `commit`: SQLite's automatic
   * checkpoint, inside the commit that takes the log past 1,000 pages, on the caller's thread.
   * `worker`: a worker thread, from the first write on, so commits never wait for one (for a
   * service that writes continuously). Ignored on PostgreSQL. Default: `commit`.
   */
  walCheckpoints?: 'commit' | 'worker';
}

/** Options of {@link openJobStore}. */
export interface OpenJobStoreOptions extends SqlJobStoreOptions {
  /** `REGISTRY_URL` decides the database: the registry's own. */
  settings: Pick<RegistrySettings, 'REGISTRY_URL'>;
  /** Home of the embedded database, `<meshHome>/registry.db`. */
  meshHome: string;
  /**
   * Most PostgreSQL connections the store opens: concurrent submissions commit on separate
   * connections (the server groups their log flushes). Default: 10.
   */
  poolSize?: number;
}

/** Opens the job store in the registry's database and brings its tables up to date. */
export async function openJobStore(options: OpenJobStoreOptions): Promise<SqlJobStore> {
  const location = parseRegistryUrl(options.settings.REGISTRY_URL, options.meshHome);
  const store = new SqlJobStore(connect(location, { poolSize: options.poolSize ?? 10 }), {
    walCheckpoints: options.walCheckpoints,
  });
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
