// Throughput of the Training API side by side with the seed's Express service: POST /train
// (the seed's Kubernetes example, a dry run) under wrk at 50 and 200 connections, rounds
// alternating between mesh and the reference so both see the same machine load. mesh runs as a
// user starts it (`mesh serve`), with persistence (SQLite, and PostgreSQL when its server
// binaries are installed) and bearer auth on. The reference is the service in SEED_API_DIR
// (`node <its main>` with PORT) when set, else bench/api-load/express-fixture.js.
// Prints req/s, p50, p99, errors and RSS per round, then medians and the ratio mesh / reference.
// Settings: ROUNDS (3), DURATION seconds per round (10), CONNECTIONS (50,200), WRK_THREADS (2),
// ENGINES (sqlite,postgres), KEEP_WORK=true (keeps the temporary homes, removed by default).
// The medians go to bench/results/api-load.json. Asserts no time.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startPostgres, type TestPostgres } from '@mesh/testing';
import { recordBenchResult, type BenchFigure } from '../lib/bench-result';

const root = join(__dirname, '..', '..');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = (process.env.CONNECTIONS ?? '50,200').split(',').map(Number);
const THREADS = Number(process.env.WRK_THREADS ?? 2);
const ENGINES = (process.env.ENGINES ?? 'sqlite,postgres').split(',');
const TOKEN = 'bench-token';
const work = mkdtempSync(join(tmpdir(), 'mesh-api-load-'));

const PAYLOAD = {
  backend: 'kubernetes',
  job_name: 'aml-qlora-k8s',
  model: 'meta-llama/Llama-3.2-3B-Instruct',
  dataset_file: 's3://my-bucket/jobs/job-123/data.jsonl',
  output_dir: '/tmp/model',
  upload_output_to: 'gs://finery-training/models/job-123',
  trainer_args: { num_train_epochs: 2, per_device_train_batch_size: 2 },
  env: { HF_TOKEN: 'hf_bench_secret' },
};

interface Target {
  name: string;
  start(port: number): ChildProcess;
}

function waitUp(child: ChildProcess, port: number, output: () => string): Promise<void> {
  return (async () => {
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`exited: ${output()}`);
      const up = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no answer on ${port}: ${output()}`);
  })();
}

function mesh(name: string, env: Record<string, string>): Target {
  return {
    name,
    start: (port) =>
      spawn(process.execPath, [join(root, 'libs/cli/bin/mesh.js'), 'serve'], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          PORT: String(port),
          MESH_API_TOKENS: TOKEN,
          K8S_TRAINING_IMAGE: 'trainer:bench',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
  };
}

function reference(): Target {
  const dir = process.env.SEED_API_DIR;
  if (dir) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      main?: string;
    };
    return {
      name: `seed (${dir})`,
      start: (port) =>
        spawn(process.execPath, [join(dir, manifest.main ?? 'index.js')], {
          cwd: dir,
          env: { ...process.env, PORT: String(port), K8S_TRAINING_IMAGE: 'trainer:bench' },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
    };
  }
  return {
    name: 'express fixture',
    start: (port) =>
      spawn(process.execPath, [join(__dirname, 'express-fixture.js')], {
        env: { ...process.env, PORT: String(port), K8S_TRAINING_IMAGE: 'trainer:bench' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
  };
}

interface Round {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  rssMb: number;
}

/** wrk's duration text (`812.00us`, `3.20ms`, `1.10s`) in milliseconds. */
function ms(text: string): number {
  const match = /([\d.]+)(us|ms|s|m)/.exec(text)!;
  const value = Number(match[1]);
  return { us: value / 1000, ms: value, s: value * 1000, m: value * 60_000 }[match[2]]!;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function round(target: Target, connections: number): Promise<Round> {
  const port = await freePort();
  const child = target.start(port);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  try {
    await waitUp(child, port, () => output);
    const script = join(work, 'post.lua');
    writeFileSync(
      script,
      [
        'wrk.method = "POST"',
        `wrk.body = ${JSON.stringify(JSON.stringify(PAYLOAD))}`,
        'wrk.headers["Content-Type"] = "application/json"',
        `wrk.headers["Authorization"] = "Bearer ${TOKEN}"`,
        '',
      ].join('\n'),
    );
    const { stdout } = await promisify(execFile)('wrk', [
      `-t${THREADS}`,
      `-c${connections}`,
      `-d${DURATION}s`,
      '--latency',
      '-s',
      script,
      `http://127.0.0.1:${port}/train`,
    ]);
    const requests = Number(/(\d+) requests in/.exec(stdout)![1]);
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
      stdout,
    );
    const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
    return {
      rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)![1]),
      p50: ms(/ 50%\s+(\S+)/.exec(stdout)![1]),
      p99: ms(/ 99%\s+(\S+)/.exec(stdout)![1]),
      errors: non2xx + socketErrors,
      requests,
      rssMb: rssMb(child.pid!),
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function line(label: string, r: Round): string {
  return `${label.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  errors ${String(r.errors).padStart(5)}/${r.requests}  RSS ${r.rssMb.toFixed(0)} MB`;
}

async function main(): Promise<void> {
  console.log(
    `bench/api-load: POST /train (Kubernetes dry run), wrk -t${THREADS} -d${DURATION}s, ${ROUNDS} alternating rounds; ${cpus().length} cores (${cpus()[0].model}), Node ${process.version}, load average ${loadavg()[0].toFixed(2)}`,
  );
  let postgres: TestPostgres | undefined;
  const targets: Target[] = [];
  for (const engine of ENGINES) {
    if (engine === 'sqlite')
      targets.push(mesh('mesh (SQLite)', { MESH_HOME: mkdtempSync(join(work, 'home-')) }));
    if (engine === 'postgres') {
      try {
        postgres = await startPostgres();
        targets.push(
          mesh('mesh (PostgreSQL)', {
            MESH_HOME: mkdtempSync(join(work, 'home-')),
            REGISTRY_URL: await postgres.createDatabase(),
          }),
        );
      } catch (error) {
        console.log(`PostgreSQL skipped: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }
  const seed = reference();
  targets.push(seed);
  const figures: BenchFigure[] = [];
  try {
    for (const connections of CONNECTIONS) {
      const results = new Map<string, Round[]>(targets.map((target) => [target.name, []]));
      for (let r = 1; r <= ROUNDS; r++)
        for (const target of r % 2 ? targets : [...targets].reverse()) {
          const result = await round(target, connections);
          results.get(target.name)!.push(result);
          console.log(
            `${line(`[${connections} conn, round ${r}] ${target.name}`, result)}  load ${loadavg()[0].toFixed(2)}`,
          );
        }
      console.log(`\nmedians at ${connections} connections:`);
      const medianOf = (name: string): Round => {
        const all = results.get(name)!;
        return {
          rps: median(all.map((x) => x.rps)),
          p50: median(all.map((x) => x.p50)),
          p99: median(all.map((x) => x.p99)),
          errors: all.reduce((sum, x) => sum + x.errors, 0),
          requests: all.reduce((sum, x) => sum + x.requests, 0),
          rssMb: Math.max(...all.map((x) => x.rssMb)),
        };
      };
      const base = medianOf(seed.name);
      for (const target of targets) {
        const m = medianOf(target.name);
        console.log(
          `${line(target.name, m)}  ratio ${(m.rps / base.rps).toFixed(2)}x req/s, ${(m.p99 / base.p99).toFixed(2)}x p99`,
        );
        if (target !== seed)
          figures.push({
            measure: `POST /train at ${connections} connections, ${target.name} vs ${seed.name} (median of ${ROUNDS} alternating rounds of ${DURATION} s)`,
            value: `${m.rps.toFixed(0)} vs ${base.rps.toFixed(0)} req/s; p50 ${m.p50.toFixed(1)} vs ${base.p50.toFixed(1)} ms; p99 ${m.p99.toFixed(1)} vs ${base.p99.toFixed(1)} ms; errors ${m.errors}/${m.requests} vs ${base.errors}/${base.requests}`,
            ratio: `${(m.rps / base.rps).toFixed(2)}x req/s; goal >= 1.0x and p99 <= 50 ms`,
          });
      }
      console.log('');
    }
  } finally {
    await postgres?.stop();
    // Each round's homes hold every accepted job and its manifest: hundreds of MB per run.
    if (process.env.KEEP_WORK !== 'true') rmSync(work, { recursive: true, force: true });
  }
  console.log(
    `load average at the end: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log(`figures written to ${recordBenchResult('api-load', figures)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
