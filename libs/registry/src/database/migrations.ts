import {
  Migrator,
  sql,
  SqliteAdapter,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';

/**
 * The registry's schema, as versioned migrations applied in order and recorded in the
 * database. Never edit a released migration: add the next one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-models-versions-artifacts-aliases': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('models')
        .addColumn('name', 'text', (column) => column.primaryKey())
        .addColumn('project', 'text', (column) => column.notNull())
        .addColumn('last_version', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('versions')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('model', 'text', (column) => column.notNull().references('models.name'))
        .addColumn('number', 'integer', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('pruned_at', 'text')
        .addColumn('card', 'text', (column) => column.notNull())
        .addColumn('params', 'text', (column) => column.notNull())
        .addColumn('metrics', 'text', (column) => column.notNull())
        .addColumn('lineage', 'text', (column) => column.notNull())
        .addColumn('test_files', 'text', (column) => column.notNull())
        .addUniqueConstraint('versions_model_number', ['model', 'number'])
        .execute();
      await db.schema
        .createTable('artifacts')
        .addColumn('version_id', 'text', (column) => column.notNull().references('versions.id'))
        .addColumn('path', 'text', (column) => column.notNull())
        .addColumn('size', 'bigint', (column) => column.notNull())
        .addColumn('sha256', 'text', (column) => column.notNull())
        .addColumn('uri', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('artifacts_pk', ['version_id', 'path'])
        .execute();
      await db.schema.createIndex('artifacts_sha256').on('artifacts').column('sha256').execute();
      await db.schema
        .createTable('aliases')
        .addColumn('model', 'text', (column) => column.notNull().references('models.name'))
        .addColumn('alias', 'text', (column) => column.notNull())
        .addColumn('version_id', 'text', (column) => column.notNull().references('versions.id'))
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addColumn('updated_by', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('aliases_pk', ['model', 'alias'])
        .execute();
      await db.schema
        .createTable('alias_events')
        .addColumn('id', 'integer', (column) =>
          // SQLite numbers an INTEGER PRIMARY KEY by itself; PostgreSQL needs an identity.
          db.getExecutor().adapter instanceof SqliteAdapter
            ? column.primaryKey()
            : column.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('model', 'text', (column) => column.notNull())
        .addColumn('alias', 'text', (column) => column.notNull())
        .addColumn('from_version', 'text')
        .addColumn('to_version', 'text', (column) => column.notNull())
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('at', 'text', (column) => column.notNull())
        .execute();
    },
  },
  '0002-evaluations': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('evaluations')
        .addColumn('id', 'integer', (column) =>
          db.getExecutor().adapter instanceof SqliteAdapter
            ? column.primaryKey()
            : column.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('version_id', 'text', (column) => column.notNull().references('versions.id'))
        .addColumn('data_uri', 'text', (column) => column.notNull())
        .addColumn('data_digest', 'text', (column) => column.notNull())
        .addColumn('records', 'integer', (column) => column.notNull())
        .addColumn('metrics', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('context', 'text')
        .execute();
      await db.schema
        .createIndex('evaluations_version')
        .on('evaluations')
        .column('version_id')
        .execute();
      await db.schema
        .createIndex('evaluations_data_digest')
        .on('evaluations')
        .column('data_digest')
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the schema up to date. Safe to call from many processes at once: migrations are locked. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error;
}

/** Names of the migrations the database has applied, in order. */
export async function appliedMigrations(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    db,
  );
  return rows.rows.map((row) => row.name);
}
