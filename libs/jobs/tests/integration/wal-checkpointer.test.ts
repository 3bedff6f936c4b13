import { existsSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { newJobId, openJobStore, WalCheckpointer, type JobRecord } from '@mesh/jobs';
import { tempTree } from '@mesh/testing';

/** A SQLite file in WAL mode with a table of 4 KiB rows. */
function walDatabase(): { database: BetterSqlite3.Database; path: string } {
  const path = join(tempTree(), 'wal.db');
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.exec('create table rows (id integer primary key, body blob)');
  return { database, path };
}

/** Commits `count` rows of 4 KiB, 100 a transaction: ~1 page of log each. */
function write(database: BetterSqlite3.Database, count: number): void {
  const insert = database.prepare('insert into rows (body) values (?)');
  const some = database.transaction((n: number) => {
    for (let i = 0; i < n; i++) insert.run(Buffer.alloc(4000, i));
  });
  for (let done = 0; done < count; done += 100) some(Math.min(100, count - done));
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

const autocheckpoint = (database: BetterSqlite3.Database) =>
  database.pragma('wal_autocheckpoint', { simple: true });

describe('WalCheckpointer', () => {
  it('never checkpoints inside a commit', async () => {
    const { database, path } = walDatabase();
    // A worker that waits an hour: only a commit could copy the log now.
    const checkpointer = WalCheckpointer.start(database, { intervalMs: 3_600_000 });
    expect(autocheckpoint(database)).toBe(0);
    const before = statSync(path).size;
    // 3,000 pages: SQLite's own checkpoint would have run inside two of these commits.
    write(database, 3000);
    // In WAL mode only a checkpoint writes to the database file.
    expect(statSync(path).size).toBe(before);
    await checkpointer.stop();
    database.close();
  });

  it('copies the log into the database from its worker', async () => {
    const { database, path } = walDatabase();
    const checkpointer = WalCheckpointer.start(database, { intervalMs: 10 });
    write(database, 3000);
    await until(() => checkpointer.stats.checkpoints > 0 && statSync(path).size > 3000 * 4000);
    // Below restartAboveFrames (4,000): this thread copied nothing.
    expect(checkpointer.stats.restarts).toBe(0);

    await checkpointer.stop();
    database.close();
    // The last connection to close removes the log: the worker's is closed too.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = new BetterSqlite3(path, { readonly: true });
    expect(reopened.prepare('select count(*) from rows').pluck().get()).toBe(3000);
    reopened.close();
  });

  it('starts the log over once it holds more than restartAboveFrames', async () => {
    const { database, path } = walDatabase();
    const checkpointer = WalCheckpointer.start(database, {
      intervalMs: 10,
      restartAboveFrames: 500,
    });
    write(database, 2000);
    await until(() => checkpointer.stats.restarts > 0);
    // The next commit writes from the start of the log again: it does not grow past 2,000 pages.
    write(database, 100);
    expect(statSync(`${path}-wal`).size).toBeLessThan(2100 * 4096);
    await checkpointer.stop();
    database.close();
  });

  it('gives checkpoints back to SQLite when its worker fails', async () => {
    const { database, path } = walDatabase();
    // The worker cannot open the database under its name any more.
    renameSync(path, `${path}.moved`);
    const failures: Error[] = [];
    const checkpointer = WalCheckpointer.start(database, {
      onError: (error) => failures.push(error),
    });
    await until(() => failures.length > 0);
    expect(autocheckpoint(database)).toBe(1000);
    await checkpointer.stop();
    database.close();
  });
});

describe("SqlJobStore with walCheckpoints: 'worker'", () => {
  const record = (): JobRecord => {
    const id = newJobId();
    const at = new Date().toISOString();
    return {
      id,
      name: `job-${id.slice(0, 8)}`,
      backend: 'local',
      project: null,
      component: null,
      externalId: null,
      status: 'queued',
      dryRun: false,
      createdAt: at,
      updatedAt: at,
      startedAt: null,
      finishedAt: null,
      exitCode: null,
      error: null,
      args: {},
      owner: null,
      cancelRequested: false,
    };
  };

  it('starts the worker with its first write and stops it on close', async () => {
    const home = tempTree();
    const store = await openJobStore({
      settings: { REGISTRY_URL: '' },
      meshHome: home,
      walCheckpoints: 'worker',
    });
    expect(store.checkpointStats).toBeUndefined();
    await store.create(record());
    expect(store.checkpointStats).toEqual(expect.objectContaining({ restarts: 0 }));
    await store.close();
    expect(existsSync(join(home, 'registry.db-wal'))).toBe(false);
  });

  it('leaves checkpoints to SQLite by default', async () => {
    const store = await openJobStore({ settings: { REGISTRY_URL: '' }, meshHome: tempTree() });
    await store.create(record());
    expect(store.checkpointStats).toBeUndefined();
    await store.close();
  });
});
