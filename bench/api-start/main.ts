// `mesh serve` from spawn to its first answer with 1,000,000 stored jobs, against a bare Fastify
// server's start on the same machine and the 2 s goal. Each run polls GET /health every
// 20 ms; the 20 unfinished jobs whose process is gone are reset before each run, so every start
// recovers them as a restart after a crash would. Not a test: prints the figures.
// Settings: RUNS (5), JOBS (1000000), API_START_HOME (a home filled by an earlier run: reused).
import { mkdtempSync } from 'node:fs';
import { cpus, hostname, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, parseRegistryUrl } from '@mesh/registry';
import { fillJobs, ORPHANED_OWNER } from '../api-load/fill-jobs';
import { spawnUntilAnswer } from '../api-load/spawn-until-answer';
import { recordBenchResult } from '../lib/bench-result';

const root = join(__dirname, '..', '..');
const RUNS = Number(process.env.RUNS ?? 5);
const JOBS = Number(process.env.JOBS ?? 1_000_000);
const GOAL_SECONDS = 2;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** Seconds from spawning `args` (with PORT set) to its first HTTP answer on that port. */
async function firstAnswer(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const service = await spawnUntilAnswer(args, env, root);
  await service.stop();
  return service.seconds;
}

/** Puts the orphaned jobs back as a crash left them, so each start has them to recover. */
function orphanAgain(home: string): void {
  const { sqlite } = connect(parseRegistryUrl('', home));
  sqlite!
    .prepare(
      `update jobs set status = 'running', finished_at = null, exit_code = null, error = null where owner = ?`,
    )
    .run(ORPHANED_OWNER(hostname()));
  sqlite!.close();
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const list = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} CPUs, Node ${process.version}; load ${load()}`);
  const home = process.env.API_START_HOME || mkdtempSync(join(tmpdir(), 'mesh-api-start-'));
  if (process.env.API_START_HOME) console.log(`reusing the jobs stored in ${home}`);
  else await fillJobs(home, JOBS);
  const empty = mkdtempSync(join(tmpdir(), 'mesh-api-start-empty-'));
  const mesh = [join(root, 'libs/cli/bin/mesh.js'), 'serve'];
  const serveEnv = (meshHome: string) => ({
    MESH_HOME: meshHome,
    MESH_API_TOKENS: 'bench-token',
    K8S_TRAINING_IMAGE: 'trainer:bench',
  });
  const bare = ['-e', "require('fastify')().listen({ port: Number(process.env.PORT) })"];
  const million: number[] = [];
  const fresh: number[] = [];
  const fastify: number[] = [];
  // Interleaved, so the three see the same machine load.
  for (let run = 0; run < RUNS; run++) {
    orphanAgain(home);
    million.push(await firstAnswer(mesh, serveEnv(home)));
    fresh.push(await firstAnswer(mesh, serveEnv(empty)));
    fastify.push(await firstAnswer(bare, {}));
    console.log(
      `run ${run + 1}: mesh serve ${million.at(-1)!.toFixed(2)} s (1M jobs), ${fresh.at(-1)!.toFixed(2)} s (empty home); bare Fastify ${fastify.at(-1)!.toFixed(2)} s; load ${load()}`,
    );
  }
  const [m, e, f] = [median(million), median(fresh), median(fastify)];
  console.log(
    `mesh serve, ${JOBS} stored jobs (median of ${RUNS}): ${m.toFixed(2)} s   [${list(million)}]`,
  );
  console.log(
    `mesh serve, empty home        (median of ${RUNS}): ${e.toFixed(2)} s   [${list(fresh)}]`,
  );
  console.log(
    `bare Fastify listen           (median of ${RUNS}): ${f.toFixed(2)} s   [${list(fastify)}]`,
  );
  console.log(
    `ratio to the ${GOAL_SECONDS} s goal: ${(m / GOAL_SECONDS).toFixed(2)}x; to bare Fastify: ${(m / f).toFixed(2)}x; load ${load()}`,
  );
  const written = recordBenchResult('api-start', [
    {
      measure: `mesh serve from spawn to first answer with ${JOBS} stored jobs vs bare Fastify listen (median of ${RUNS})`,
      value: `${m.toFixed(2)} s vs ${f.toFixed(2)} s (empty home ${e.toFixed(2)} s)`,
      ratio: `${(m / GOAL_SECONDS).toFixed(2)}x the ${GOAL_SECONDS} s goal; ${(m / f).toFixed(2)}x bare Fastify`,
    },
  ]);
  console.log(`wrote ${written}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
