// Fills a MESH_HOME's SQLite registry with finished job records (plus a few unfinished ones whose
// process is gone), through the service's own migrations: the long history that
// million-jobs.ts and bench/api-start start the Training API on.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openJobStore } from '@mesh/jobs';
import { connect, parseRegistryUrl } from '@mesh/registry';

const PROJECTS = ['keywords', 'sentiment', 'ner', 'cbng', 'nulog', 'ranker', null];
const BACKENDS = ['kubernetes', 'local', 'docker', 'vertex'];
const STATUSES = ['succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled'];
/** How many of the newest jobs are left unfinished, owned by a process that is gone. */
export const ORPHANED_JOBS = 20;
/** The owner of those jobs: a process id this host cannot have (above Linux's pid_max). */
export const ORPHANED_OWNER = (host: string) => `${host}:4194303`;

/** Inserts `count` job records into `home`'s registry.db in 10,000-row transactions. */
export async function fillJobs(home: string, count: number): Promise<void> {
  await (await openJobStore({ settings: { REGISTRY_URL: '' }, meshHome: home })).close();
  const { sqlite } = connect(parseRegistryUrl('', home));
  const insert = sqlite!.prepare(
    `insert into jobs (id, name, backend, project, component, external_id, status, dry_run,
       created_at, updated_at, started_at, finished_at, exit_code, error, args, owner, cancel_requested)
     values (?, ?, ?, ?, ?, null, ?, ?, ?, ?, null, ?, null, null, ?, ?, 0)`,
  );
  const start = Date.parse('2024-01-01T00:00:00Z');
  const many = sqlite!.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = randomUUID();
      const at = new Date(start + i * 30_000).toISOString();
      const project = PROJECTS[i % PROJECTS.length];
      const backend = BACKENDS[i % BACKENDS.length];
      const open = i >= count - ORPHANED_JOBS;
      insert.run(
        id,
        `${project ?? 'job'}-${id.replace(/-/g, '').slice(0, 12)}`,
        open ? 'local' : backend,
        project,
        project ? 'train' : null,
        open ? 'running' : STATUSES[i % STATUSES.length],
        backend === 'kubernetes' ? 1 : 0,
        at,
        at,
        open ? null : at,
        JSON.stringify({ backend, project, settings: { TOP_N: '10' } }),
        open ? ORPHANED_OWNER(hostname()) : 'bench:1',
      );
    }
  });
  const began = performance.now();
  for (let from = 0; from < count; from += 10_000) many(from, Math.min(count, from + 10_000));
  sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  sqlite!.close();
  const size = statSync(join(home, 'registry.db')).size / 2 ** 20;
  console.log(
    `inserted ${count} jobs in ${((performance.now() - began) / 1000).toFixed(1)} s (registry.db ${size.toFixed(0)} MB)`,
  );
}
