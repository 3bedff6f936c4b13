// Start-up and paging with a long history: bulk-inserts JOBS (1,000,000) finished job records
// (plus a few unfinished ones whose process is gone) into a fresh SQLite registry, then times
// `mesh serve` from spawn to its first answer, and pages through every job with
// GET /jobs?limit=1000 following X-Next-Cursor, timing each page and /health alongside.
// Not a test: prints the figures. Settings: JOBS (1000000), PAGE (1000), MILLION_HOME (a home
// an earlier run filled: reused as it is, no insert).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTrainingApi } from '@mesh/training-api';
import { fillJobs } from './fill-jobs';
import { spawnUntilAnswer } from './spawn-until-answer';

const root = join(__dirname, '..', '..');
const JOBS = Number(process.env.JOBS ?? 1_000_000);
const PAGE = Number(process.env.PAGE ?? 1000);
const TOKEN = 'bench-token';
const home = process.env.MILLION_HOME || mkdtempSync(join(tmpdir(), 'mesh-million-'));

interface Answer {
  ms: number;
  status: number;
  next: string | null;
  count: number;
}

async function get(url: string): Promise<Answer> {
  const began = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = (await response.json()) as unknown[];
  return {
    ms: performance.now() - began,
    status: response.status,
    next: response.headers.get('x-next-cursor'),
    count: Array.isArray(body) ? body.length : 0,
  };
}

const pct = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)
  ];

async function main(): Promise<void> {
  if (process.env.MILLION_HOME) console.log(`reusing the jobs stored in ${home}`);
  else await fillJobs(home, JOBS);
  // In this process (modules already loaded): what the history costs start-up.
  const inProcessBegan = performance.now();
  const inProcess = await startTrainingApi({
    root,
    port: 0,
    env: { MESH_HOME: home, MESH_API_TOKENS: TOKEN, K8S_TRAINING_IMAGE: 'trainer:bench' },
  });
  console.log(
    `startTrainingApi with ${JOBS} stored jobs: listening after ${(performance.now() - inProcessBegan).toFixed(0)} ms (migrations, recovery: ${inProcess.recovered.length} orphaned jobs marked failed)`,
  );
  await inProcess.close();
  const service = await spawnUntilAnswer(
    [join(root, 'libs/cli/bin/mesh.js'), 'serve'],
    { MESH_HOME: home, MESH_API_TOKENS: TOKEN, K8S_TRAINING_IMAGE: 'trainer:bench' },
    root,
  );
  const { url } = service;
  try {
    console.log(
      `mesh serve with ${JOBS} stored jobs: first answer ${service.seconds.toFixed(2)} s after spawn (Node start and module loading included)`,
    );
    const empty = spawn(process.execPath, [join(root, 'libs/cli/bin/mesh.js'), '--help'], {
      stdio: 'ignore',
    });
    const helpBegan = performance.now();
    await new Promise((resolve) => empty.once('exit', resolve));
    console.log(
      `(for scale: \`mesh --help\` takes ${((performance.now() - helpBegan) / 1000).toFixed(2)} s)`,
    );

    const pages: number[] = [];
    const health: number[] = [];
    let cursor: string | null = null;
    let seen = 0;
    const pagingBegan = performance.now();
    do {
      const [page, ping]: [Answer, Answer] = await Promise.all([
        get(`${url}/jobs?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
        get(`${url}/health`),
      ]);
      if (page.status !== 200) throw new Error(`GET /jobs answered ${page.status}`);
      pages.push(page.ms);
      health.push(ping.ms);
      seen += page.count;
      cursor = page.next;
    } while (cursor);
    console.log(
      `GET /jobs?limit=${PAGE} paged through ${seen} jobs in ${pages.length} pages, ${((performance.now() - pagingBegan) / 1000).toFixed(1)} s: page p50 ${pct(pages, 50).toFixed(0)} ms, p99 ${pct(pages, 99).toFixed(0)} ms, max ${Math.max(...pages).toFixed(0)} ms; /health alongside p99 ${pct(health, 99).toFixed(0)} ms`,
    );
    for (const query of [
      'project=ner',
      'status=cancelled',
      'backend=vertex',
      'created_from=2024-06-01T00:00:00Z&created_to=2024-06-02T00:00:00Z',
      'project=ner&status=failed',
    ]) {
      const first = await get(`${url}/jobs?limit=100&${query}`);
      const second = first.next
        ? await get(`${url}/jobs?limit=100&${query}&cursor=${encodeURIComponent(first.next)}`)
        : undefined;
      console.log(
        `GET /jobs?${query}: ${first.count} jobs in ${first.ms.toFixed(0)} ms${second ? `, next page ${second.count} in ${second.ms.toFixed(0)} ms` : ''}`,
      );
    }
  } finally {
    await service.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
