import { join } from 'node:path';
import { startPostgres, type TestPostgres } from './postgres-server';
import { tempTree } from './temp-tree';

/** A database engine the registry supports, and how to make a fresh database URL on it. */
export type DatabaseEngine = [name: string, createDatabase: () => Promise<string>];

/**
 * The engines a registry-database suite runs against, for `describe.each`: the embedded SQLite
 * and a real PostgreSQL, started before the file's tests and stopped after them.
 */
export function databaseEngines(): DatabaseEngine[] {
  let postgres: TestPostgres | undefined;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(() => postgres?.stop());
  return [
    ['SQLite', async () => `sqlite://${join(tempTree(), 'registry.db')}`],
    ['PostgreSQL', () => postgres!.createDatabase()],
  ];
}
