import type BetterSqlite3 from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';

/** One statement and its parameters, written with `?` placeholders. */
export type Statement = [sql: string, params: unknown[]];

/**
 * The little SQL the job store needs, on SQLite or PostgreSQL: statements are written once with
 * `?` placeholders; SQLite's are prepared once and reused, PostgreSQL's are named (prepared once
 * per connection by the server).
 */
export interface SqlExecutor {
  readonly engine: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs the statements in one transaction; resolves with the rows each returned. */
  batch(statements: Statement[]): Promise<unknown[][]>;
  /**
   * Runs groups of statements, each group all or nothing, and a failing group leaves the others
   * stored: on SQLite in one transaction (a savepoint per group), on PostgreSQL each group in
   * its own transaction, concurrently. Resolves with each group's error, or undefined.
   */
  groups(groups: Statement[][]): Promise<Array<Error | undefined>>;
}

/** SQLite through better-sqlite3: prepared statements cached by their text. */
export function sqliteExecutor(database: BetterSqlite3.Database): SqlExecutor {
  const prepared = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement;
  };
  const execute = ([sql, params]: Statement): unknown[] => {
    const statement = prepare(sql);
    if (statement.reader) return statement.all(...params);
    statement.run(...params);
    return [];
  };
  const inTransaction = database.transaction((statements: Statement[]) => statements.map(execute));
  // Nested in a transaction, better-sqlite3 runs a transaction function as a savepoint.
  const eachInSavepoint = database.transaction((groups: Statement[][]) =>
    groups.map((group) => {
      try {
        inTransaction(group);
        return undefined;
      } catch (error) {
        return error as Error;
      }
    }),
  );
  const all = database.transaction((groups: Statement[][]) => {
    for (const group of groups) for (const statement of group) execute(statement);
  });
  return {
    engine: 'sqlite',
    async all<T>(sql: string, params: unknown[] = []) {
      return execute([sql, params]) as T[];
    },
    async batch(statements) {
      return statements.length === 1 ? [execute(statements[0])] : inTransaction(statements);
    },
    async groups(groups) {
      // Failures are rare (a taken name): first all at once, without a savepoint per group.
      try {
        all(groups);
        return groups.map(() => undefined);
      } catch {
        return eachInSavepoint(groups);
      }
    },
  };
}

/** `?` placeholders to PostgreSQL's `$1, $2, ...`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** PostgreSQL through a pg pool: each statement text gets a stable name, so it is prepared once per connection. */
export function postgresExecutor(pool: Pool): SqlExecutor {
  const names = new Map<string, { name: string; text: string }>();
  const named = (sql: string) => {
    let entry = names.get(sql);
    if (!entry) {
      entry = { name: `mesh_jobs_${names.size + 1}`, text: numbered(sql) };
      names.set(sql, entry);
    }
    return entry;
  };
  const query = async (client: Pool | PoolClient, [sql, params]: Statement) =>
    (await client.query({ ...named(sql), values: params })).rows as unknown[];
  const batch = async (statements: Statement[]): Promise<unknown[][]> => {
    if (statements.length === 1) return [await query(pool, statements[0])];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const results: unknown[][] = [];
      for (const statement of statements) results.push(await query(client, statement));
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    engine: 'postgres',
    async all<T>(sql: string, params: unknown[] = []) {
      return (await query(pool, [sql, params])) as T[];
    },
    batch,
    async groups(groups) {
      return Promise.all(
        groups.map((group) =>
          batch(group).then(
            () => undefined,
            (error: Error) => error,
          ),
        ),
      );
    },
  };
}
