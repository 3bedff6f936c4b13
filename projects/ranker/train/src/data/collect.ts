import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import Database from 'better-sqlite3';
import { openUri } from '@mesh/data';
import { checkSnapshot, type Cell, type SnapshotRows } from './check-record';
import { APP_GROUP_FIELDS, PROCESS_FIELDS, SCHEMA_SQL, SNAPSHOT_FIELDS } from './schema';

/** Too many problems to be useful: the report stops listing after this many. */
const MAX_LISTED_PROBLEMS = 50;
/** Snapshots per insert transaction. */
const BATCH = 200;

/** Snapshot files that fail their checks; lists every problem (up to 50) with file and line. */
export class SnapshotDataError extends Error {
  constructor(
    readonly problems: string[],
    readonly total: number,
  ) {
    super(
      `${total} problem${total === 1 ? '' : 's'} in the snapshot data; nothing was written:\n  ` +
        problems.join('\n  ') +
        (total > problems.length ? `\n  ... and ${total - problems.length} more` : ''),
    );
    this.name = this.constructor.name;
  }
}

/** What was collected. */
export interface CollectResult {
  database: string;
  snapshots: number;
  processes: number;
  appGroups: number;
  /** One per input: its location and the sha256 of its bytes as stored. */
  inputs: Array<{
    uri: string;
    location: string;
    digest: string;
    bytes: number;
    kind: 'jsonl' | 'sqlite';
  }>;
}

/** Opens (creating if needed) a snapshot database with the schema, foreign keys on. */
export function openSnapshotDatabase(
  path: string,
  options: { readonly?: boolean } = {},
): Database.Database {
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  db.pragma('foreign_keys = ON');
  if (!options.readonly) {
    db.pragma('synchronous = OFF'); // built as a .partial file and renamed: a crash leaves nothing behind
    db.exec(SCHEMA_SQL);
  }
  return db;
}

/**
 * Streams snapshot files (JSONL, JSONL.gz, or a SQLite database, gzipped or not: recognised by
 * content, not name) into the SQLite database at `output`, in batched transactions. Every line
 * is checked (types, ranges, keys, references); on any problem nothing is written and a
 * {@link SnapshotDataError} lists the problems with file and line. The database is built beside
 * `output` and renamed into place only when complete.
 */
export async function collectSnapshots(
  uris: readonly string[],
  output: string,
  options: { cwd?: string; onProgress?: (snapshots: number) => void } = {},
): Promise<CollectResult> {
  if (uris.length === 0) throw new Error('no snapshot files given');
  const partial = `${output}.partial`;
  rmSync(partial, { force: true });
  const db = openSnapshotDatabase(partial);
  const insertSnapshot = prepareInsert(
    db,
    'snapshots',
    SNAPSHOT_FIELDS.map((field) => field.name),
  );
  const insertGroup = prepareInsert(db, 'app_groups', [
    'snapshot_id',
    ...APP_GROUP_FIELDS.map((field) => field.name),
  ]);
  const insertProcess = prepareInsert(db, 'processes', [
    'snapshot_id',
    ...PROCESS_FIELDS.map((field) => field.name),
  ]);
  const insertBatch = db.transaction((batch: SnapshotRows[]) => {
    for (const rows of batch) {
      insertSnapshot.run(rows.snapshot);
      for (const group of rows.appGroups) insertGroup.run(group);
      for (const process of rows.processes) insertProcess.run(process);
    }
  });
  const problems: string[] = [];
  let total = 0;
  const report = (problem: string) => {
    total++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(problem);
  };
  const seen = new Map<number, string>();
  const result: CollectResult = {
    database: output,
    snapshots: 0,
    processes: 0,
    appGroups: 0,
    inputs: [],
  };
  try {
    for (const uri of uris) {
      const opened = await openUri(uri, { cwd: options.cwd });
      const gzipped = opened.gzip || (await startsWithGzip(opened.location));
      // Listeners attach only now: a flowing stream would lose bytes during the await above.
      const hash = createHash('sha256');
      let bytes = 0;
      opened.raw.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      const content = await peekable(opened.raw.pipe(gzipped ? createGunzip() : new PassThrough()));
      if (content.head.toString('latin1', 0, 16) === 'SQLite format 3\u0000') {
        const copied = await copySqlite(db, content.stream, uri, report);
        for (const id of copied.ids) if (!seen.has(id)) seen.set(id, `${uri} (table snapshots)`);
        result.inputs.push({
          uri,
          location: opened.location,
          digest: `sha256:${hash.digest('hex')}`,
          bytes,
          kind: 'sqlite',
        });
        result.snapshots += copied.snapshots;
        continue;
      }
      let line = 0;
      let batch: SnapshotRows[] = [];
      const lines = createInterface({ input: content.stream, crlfDelay: Infinity });
      for await (const text of lines) {
        line++;
        if (text.trim() === '') continue;
        const where = `${uri}:${line}`;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          report(`${where}: not valid JSON (${(error as Error).message})`);
          continue;
        }
        const lineProblems: string[] = [];
        const rows = checkSnapshot(value, lineProblems);
        for (const problem of lineProblems) report(`${where}: ${problem}`);
        if (!rows) continue;
        const id = rows.snapshot.snapshot_id as number;
        const first = seen.get(id);
        if (first) {
          report(`${where}: snapshot_id ${id} was already used at ${first}`);
          continue;
        }
        seen.set(id, where);
        if (total > 0) continue; // keep checking, stop writing
        batch.push(rows);
        result.snapshots++;
        result.processes += rows.processes.length;
        result.appGroups += rows.appGroups.length;
        if (batch.length >= BATCH) {
          insertBatch(batch);
          batch = [];
          options.onProgress?.(result.snapshots);
        }
      }
      if (total === 0 && batch.length > 0) insertBatch(batch);
      if (line === 0) report(`${uri}: the file has no lines`);
      result.inputs.push({
        uri,
        location: opened.location,
        digest: `sha256:${hash.digest('hex')}`,
        bytes,
        kind: 'jsonl',
      });
    }
    if (total > 0) throw new SnapshotDataError(problems, total);
    if (result.snapshots === 0)
      throw new SnapshotDataError([`${uris.join(', ')}: no snapshots`], 1);
    db.close();
    rmSync(output, { force: true });
    renameSync(partial, output);
    return result;
  } catch (error) {
    if (db.open) db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
    throw error;
  }
}

function prepareInsert(db: Database.Database, table: string, names: string[]) {
  return db.prepare<Record<string, Cell>>(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((name) => `@${name}`).join(', ')})`,
  );
}

async function startsWithGzip(location: string): Promise<boolean> {
  if (/^https?:\/\//.test(location)) return false;
  const { open } = await import('node:fs/promises');
  const handle = await open(location, 'r');
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Reads the first bytes of a stream and gives back a stream that still starts with them. */
function peekable(stream: Readable): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (ended: boolean) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.pause();
      const head = Buffer.concat(chunks);
      if (ended) resolve({ head, stream: Readable.from([head]) });
      else {
        const rest = new PassThrough();
        rest.write(head);
        stream.on('error', (error) => rest.destroy(error));
        stream.pipe(rest);
        resolve({ head, stream: rest });
      }
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= 16) finish(false);
    };
    const onEnd = () => finish(true);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}

/**
 * Copies a SQLite snapshot database (e.g. one the daemon rotated and gzipped) into `db`; key
 * clashes with what is already there are reported by table and key.
 */
async function copySqlite(
  db: Database.Database,
  content: Readable,
  uri: string,
  report: (problem: string) => void,
): Promise<{ snapshots: number; ids: number[] }> {
  const folder = mkdtempSync(join(tmpdir(), 'ranker-sqlite-'));
  const file = join(folder, 'input.db');
  try {
    await pipeline(content, createWriteStream(file));
    const source = new Database(file, { readonly: true, fileMustExist: true });
    const tables = new Set(
      (
        source.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
          name: string;
        }>
      ).map((row) => row.name),
    );
    source.close();
    for (const table of ['snapshots', 'processes', 'app_groups'])
      if (!tables.has(table)) {
        report(
          `${uri}: a SQLite database without the table "${table}" (expected snapshots, processes, app_groups)`,
        );
        return { snapshots: 0, ids: [] };
      }
    db.prepare('ATTACH DATABASE ? AS source').run(file);
    try {
      const sourceColumns = (table: string) =>
        new Set(
          (db.prepare(`PRAGMA source.table_info(${table})`).all() as Array<{ name: string }>).map(
            (c) => c.name,
          ),
        );
      const clash = (table: string, key: string) =>
        db
          .prepare(
            `SELECT ${key} AS key FROM source.${table} WHERE (${key}) IN (SELECT ${key} FROM main.${table}) LIMIT 5`,
          )
          .all() as Array<{ key: unknown }>;
      for (const row of clash('snapshots', 'snapshot_id'))
        report(
          `${uri}: table snapshots, snapshot_id ${String(row.key)} is already in an earlier input`,
        );
      const copy = db.transaction(() => {
        for (const [table, fields] of [
          ['snapshots', SNAPSHOT_FIELDS],
          ['app_groups', [{ name: 'snapshot_id' }, ...APP_GROUP_FIELDS]],
          ['processes', [{ name: 'snapshot_id' }, ...PROCESS_FIELDS]],
        ] as const) {
          const present = sourceColumns(table);
          const names = fields.map((field) => field.name).filter((name) => present.has(name));
          db.exec(
            `INSERT OR IGNORE INTO main.${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM source.${table}`,
          );
        }
      });
      let ids: number[] = [];
      try {
        copy();
        ids = (
          db.prepare('SELECT snapshot_id FROM source.snapshots').raw().all() as number[][]
        ).map((row) => row[0]);
      } catch (error) {
        report(`${uri}: cannot copy its tables (${(error as Error).message})`);
      }
      return { snapshots: ids.length, ids };
    } finally {
      db.exec('DETACH DATABASE source');
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
