import { sql, type Kysely, type Transaction } from 'kysely';
import type { RegistryConnection } from './connect';
import type { RegistryDatabase } from './schema';

/**
 * Runs `work` in a transaction that holds the write lock from its first statement. On SQLite
 * that is `BEGIN IMMEDIATE`, so concurrent writers wait on the busy timeout instead of failing
 * when they upgrade from reading; PostgreSQL takes row locks as it goes.
 */
export async function writeTransaction<T>(
  { db, engine }: RegistryConnection,
  work: (trx: Kysely<RegistryDatabase> | Transaction<RegistryDatabase>) => Promise<T>,
): Promise<T> {
  if (engine === 'postgres') return db.transaction().execute(work);
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}
