// What SQLite's WAL checkpoints cost the Training API's commits: the job store (SQLite, as
// `mesh serve` opens it) takes ROUNDS x BATCHES group commits of BATCH dry-run records (record,
// 3 log lines, a 2 KB manifest, as POST /train stores them), with checkpoints left to SQLite
// (`commit`: inside the commit that takes the log past 1,000 pages) or run from a worker thread
// (`worker`), alternating rounds. Each commit runs on the event loop: its time is how long the
// service cannot answer anything. Prints commits/s and the p50, p99, p99.9 and max commit time,
// and the ratio worker / commit. Not a test: asserts no time.
// Commits are paced at RATE records/s, about what POST /train reaches under bench/api-load, or
// as fast as they go with RATE=0. Settings: ROUNDS (3), BATCHES (3000), BATCH (10), RATE (3000).
import { mkdtempSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { newJobId, openJobStore, type JobRecord } from '@mesh/jobs';
import { recordBenchResult } from '../lib/bench-result';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const BATCHES = Number(process.env.BATCHES ?? 3000);
const BATCH = Number(process.env.BATCH ?? 10);
const RATE = Number(process.env.RATE ?? 3000);
const MODES = ['commit', 'worker'] as const;
type Mode = (typeof MODES)[number];

const MANIFEST = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'aml-qlora-k8s', namespace: 'default', labels: { app: 'mesh' } },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'trainer',
            image: 'trainer:bench',
            args: Array.from({ length: 12 }, (_, i) => `--flag-${i}=value-${i}-${'x'.repeat(80)}`),
          },
        ],
      },
    },
  },
};

function record(): JobRecord {
  const id = newJobId();
  const at = new Date().toISOString();
  return {
    id,
    name: `aml-qlora-k8s-${id.replace(/-/g, '')}`,
    backend: 'kubernetes',
    project: null,
    component: null,
    externalId: null,
    status: 'succeeded',
    dryRun: true,
    createdAt: at,
    updatedAt: at,
    startedAt: at,
    finishedAt: at,
    exitCode: null,
    error: null,
    args: { model_id: 'meta-llama/Llama-3.2-3B-Instruct', dataset_file: 's3://b/data.jsonl' },
    owner: 'bench:1',
    cancelRequested: false,
  };
}

interface Round {
  perSecond: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  walMb: number;
  /** Worker: its checkpoints, and the connection's (each lets the log start over). */
  checkpoints?: string;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function round(mode: Mode): Promise<Round> {
  const home = mkdtempSync(join(tmpdir(), 'mesh-wal-bench-'));
  const store = await openJobStore({
    settings: { REGISTRY_URL: '' },
    meshHome: home,
    walCheckpoints: mode,
  });
  const times: number[] = [];
  let walBytes = 0;
  const began = performance.now();
  for (let i = 0; i < BATCHES; i++) {
    const due = began + (RATE > 0 ? (i * BATCH * 1000) / RATE : 0);
    if (performance.now() < due)
      await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    const at = new Date().toISOString();
    const logs = [0, 1, 2].map((n) => ({ at, stream: 'system' as const, line: `line ${n}` }));
    const start = performance.now();
    // Created in one turn of the event loop: one group commit, as concurrent POSTs are.
    await Promise.all(
      Array.from({ length: BATCH }, () => store.create(record(), { logs, manifest: MANIFEST })),
    );
    times.push(performance.now() - start);
    if (i % 50 === 0) walBytes = Math.max(walBytes, statSync(join(home, 'registry.db-wal')).size);
  }
  const seconds = (performance.now() - began) / 1000;
  const stats = store.checkpointStats;
  await store.close();
  times.sort((a, b) => a - b);
  return {
    perSecond: (BATCHES * BATCH) / seconds,
    p50: pct(times, 50),
    p99: pct(times, 99),
    p999: pct(times, 99.9),
    max: times[times.length - 1],
    walMb: walBytes / 2 ** 20,
    ...(stats
      ? { checkpoints: `${stats.checkpoints} in the worker, ${stats.restarts} to restart` }
      : {}),
  };
}

const show = (r: Round) =>
  `${r.perSecond.toFixed(0).padStart(6)} records/s  commit p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  p99.9 ${r.p999.toFixed(1)} ms  max ${r.max.toFixed(1)} ms  WAL up to ${r.walMb.toFixed(1)} MB${r.checkpoints ? `; checkpoints ${r.checkpoints}` : ''}`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  console.log(
    `wal-checkpoints: ${ROUNDS} alternating rounds of ${BATCHES} group commits of ${BATCH} records at ${RATE || 'full speed,'} records/s; load ${loadavg()[0].toFixed(2)}`,
  );
  const rounds: Record<Mode, Round[]> = { commit: [], worker: [] };
  for (let i = 0; i < ROUNDS; i++)
    for (const mode of i % 2 === 0 ? MODES : [...MODES].reverse()) {
      const result = await round(mode);
      rounds[mode].push(result);
      console.log(
        `[round ${i + 1}] ${mode.padEnd(6)} ${show(result)}  load ${loadavg()[0].toFixed(2)}`,
      );
    }
  const medians = Object.fromEntries(
    MODES.map((mode) => {
      const of = (key: Exclude<keyof Round, 'checkpoints'>) =>
        median(rounds[mode].map((r) => r[key]));
      return [
        mode,
        {
          perSecond: of('perSecond'),
          p50: of('p50'),
          p99: of('p99'),
          p999: of('p999'),
          max: of('max'),
          walMb: of('walMb'),
        },
      ];
    }),
  ) as Record<Mode, Round>;
  for (const mode of MODES) console.log(`median ${mode.padEnd(6)} ${show(medians[mode])}`);
  const { commit, worker } = medians;
  const ratio = `worker / commit: ${(worker.perSecond / commit.perSecond).toFixed(2)}x records/s, ${(worker.p999 / commit.p999).toFixed(2)}x p99.9, ${(worker.max / commit.max).toFixed(2)}x max commit time`;
  console.log(
    `${ratio}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const written = recordBenchResult(
    'api-load',
    [
      {
        measure: `SQLite job store, ${BATCHES} group commits of ${BATCH} dry-run records at ${RATE || 'full speed,'} records/s, WAL checkpoints from a worker vs inside commits (median of ${ROUNDS} alternating rounds)`,
        value: `${worker.perSecond.toFixed(0)} vs ${commit.perSecond.toFixed(0)} records/s; commit p99 ${worker.p99.toFixed(2)} vs ${commit.p99.toFixed(2)} ms, p99.9 ${worker.p999.toFixed(1)} vs ${commit.p999.toFixed(1)} ms, max ${worker.max.toFixed(1)} vs ${commit.max.toFixed(1)} ms`,
        ratio: `${(worker.perSecond / commit.perSecond).toFixed(2)}x records/s; ${(worker.p999 / commit.p999).toFixed(2)}x p99.9 commit time`,
      },
    ],
    { script: 'wal-checkpoints.ts' },
  );
  console.log(`wrote ${written}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
