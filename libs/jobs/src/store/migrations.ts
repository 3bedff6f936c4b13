import { Migrator, sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';

/**
 * The jobs tables, in the registry's database but with their own migration history
 * (`mesh_jobs_migration`), so the registry's and the jobs' schemas evolve independently. Never
 * edit a released migration: add the next one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-jobs-and-logs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull().unique())
        .addColumn('backend', 'text', (column) => column.notNull())
        .addColumn('project', 'text')
        .addColumn('component', 'text')
        .addColumn('external_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('dry_run', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('exit_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('args', 'text', (column) => column.notNull())
        .addColumn('owner', 'text')
        .addColumn('cancel_requested', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('jobs_created_at').on('jobs').column('created_at').execute();
      await db.schema.createIndex('jobs_status').on('jobs').column('status').execute();
      await db.schema
        .createTable('job_logs')
        .addColumn('seq', 'integer', (column) =>
          db.getExecutor().adapter instanceof SqliteAdapter
            ? column.primaryKey()
            : column.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('job_id', 'text', (column) => column.notNull().references('jobs.id'))
        .addColumn('at', 'text', (column) => column.notNull())
        .addColumn('stream', 'text', (column) => column.notNull())
        .addColumn('line', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('job_logs_job_seq')
        .on('job_logs')
        .columns(['job_id', 'seq'])
        .execute();
    },
  },
  '0002-manifest-final-dry-runs-and-list-indexes': {
    async up(db: Kysely<unknown>) {
      // The manifest or spec a job submitted, stored once (no longer as log lines).
      await db.schema.alterTable('jobs').addColumn('manifest', 'text').execute();
      // A dry run is over once printed: it ends succeeded, so a restart never looks at it again.
      await sql`update jobs set status = 'succeeded', finished_at = updated_at
        where dry_run = 1 and status = 'submitted'`.execute(db);
      // Keyset pages of GET /jobs (newest first), each filter backed by its own index.
      await db.schema.dropIndex('jobs_created_at').execute();
      await db.schema.dropIndex('jobs_status').execute();
      await db.schema
        .createIndex('jobs_created')
        .on('jobs')
        .columns(['created_at', 'id'])
        .execute();
      for (const column of ['status', 'project', 'backend'])
        await db.schema
          .createIndex(`jobs_${column}_created`)
          .on('jobs')
          .columns([column, 'created_at', 'id'])
          .execute();
    },
  },
};

/** Brings the jobs tables up to date; safe from many processes at once (migrations are locked). */
export async function migrateJobs(db: Kysely<unknown>): Promise<void> {
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'mesh_jobs_migration',
    migrationLockTableName: 'mesh_jobs_migration_lock',
  }).migrateToLatest();
  if (error) throw error;
}
