import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Pool } from 'pg';
import { RegistryNotFoundError } from '../errors';
import type { RegistryLocation } from '../registry-url';
import type { RegistryDatabase } from './schema';

/** An open registry database and which engine it is. */
export interface RegistryConnection {
  db: Kysely<RegistryDatabase>;
  engine: RegistryLocation['engine'];
  /** The SQLite handle under `db`, for stores that keep their own prepared statements. */
  sqlite?: BetterSqlite3.Database;
  /** The PostgreSQL pool under `db`. */
  pool?: Pool;
}

/** Options of {@link connect}. */
export interface ConnectOptions {
  /**
   * Create a SQLite database that does not exist yet. Default: true. Commands that only read
   * pass false, so a mistyped path fails instead of showing an empty registry.
   */
  create?: boolean;
  /** Most PostgreSQL connections open at once. Default: 4. */
  poolSize?: number;
}

/**
 * Opens the registry database: SQLite in WAL mode with a busy timeout, so concurrent
 * registrations from many processes queue instead of failing; or a PostgreSQL pool.
 */
export function connect(
  location: RegistryLocation,
  options: ConnectOptions = {},
): RegistryConnection {
  if (location.engine === 'sqlite') {
    if (options.create === false && !existsSync(location.path)) {
      throw new RegistryNotFoundError(location.path, Boolean(location.embedded));
    }
    mkdirSync(dirname(location.path), { recursive: true });
    const database = new BetterSqlite3(location.path);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 30000');
    database.pragma('foreign_keys = ON');
    return {
      db: new Kysely<RegistryDatabase>({ dialect: new SqliteDialect({ database }) }),
      engine: 'sqlite',
      sqlite: database,
    };
  }
  // Loaded here, not with the module: a SQLite registry (the default) never needs the driver.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Pool: PgPool } = require('pg') as typeof import('pg');
  const pool = new PgPool({
    connectionString: location.url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: 5000,
  });
  return {
    db: new Kysely<RegistryDatabase>({ dialect: new PostgresDialect({ pool }) }),
    engine: 'postgres',
    pool,
  };
}
