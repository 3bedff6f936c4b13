// Load on the Training API: 200 concurrent POST /train (Kubernetes dry runs) against `mesh serve`,
// then the same with the service killed (SIGKILL) and restarted in the middle. Prints requests/s,
// latency percentiles, status codes, and whether every accepted job is recorded, with distinct ids,
// and settles after the restart. Asserts no time; exits non-zero only if a job was lost or a 5xx seen.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 200);
const TOKEN = 'bench-token';
const home = mkdtempSync(join(tmpdir(), 'mesh-api-load-'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function serve(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'libs/cli/bin/mesh.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      MESH_HOME: home,
      MESH_API_TOKENS: TOKEN,
      K8S_TRAINING_IMAGE: 'trainer:bench',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += chunk));
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/health`).then(
        () => true,
        () => false,
      )
    )
      return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`mesh serve did not start: ${errors}`);
}

interface Result {
  status: number | 'error';
  ms: number;
  id?: string;
}

async function post(port: number, i: number): Promise<Result> {
  const started = performance.now();
  try {
    const response = await fetch(`http://127.0.0.1:${port}/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        backend: 'kubernetes',
        job_name: 'load',
        model: 'org/model',
        dataset_file: `s3://bucket/data-${i}.jsonl`,
        output_dir: '/tmp/model',
        trainer_args: { num_train_epochs: 1 },
        env: { HF_TOKEN: 'hf_bench' },
      }),
    });
    const body = (await response.json()) as { id?: string };
    return { status: response.status, ms: performance.now() - started, id: body.id };
  } catch {
    return { status: 'error', ms: performance.now() - started };
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(label: string, results: Result[], seconds: number): void {
  const codes = new Map<string, number>();
  for (const result of results)
    codes.set(String(result.status), (codes.get(String(result.status)) ?? 0) + 1);
  const ms = results.filter((result) => result.status !== 'error').map((result) => result.ms);
  console.log(
    `${label}: ${results.length} requests in ${seconds.toFixed(2)} s = ${(results.length / seconds).toFixed(0)} requests/s; ` +
      `latency p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms; ` +
      `status ${[...codes].map(([code, count]) => `${code}×${count}`).join(' ')}`,
  );
}

/** Where a dry run ends: `succeeded` (with dryRun), or failed or cancelled. */
const SETTLED = ['failed', 'succeeded', 'cancelled'];

/** Waits until every id is recorded and settled; returns the records' statuses. */
async function settle(port: number, ids: string[]): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  for (let round = 0; round < 600; round++) {
    for (const id of ids) {
      if (SETTLED.includes(statuses.get(id) ?? '')) continue;
      const response = await fetch(`http://127.0.0.1:${port}/jobs/${id}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      statuses.set(
        id,
        response.status === 200
          ? ((await response.json()) as { status: string }).status
          : `HTTP ${response.status}`,
      );
    }
    if ([...statuses.values()].every((status) => SETTLED.includes(status))) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return statuses;
}

function count(statuses: Map<string, string>): string {
  const by = new Map<string, number>();
  for (const status of statuses.values()) by.set(status, (by.get(status) ?? 0) + 1);
  return [...by].map(([status, n]) => `${status}×${n}`).join(' ');
}

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus().length} CPUs (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; registry database: SQLite in ${home}`,
  );
  const port = await freePort();
  let server = await serve(port);
  let lost = 0;
  let serverErrors = 0;

  // 1. Steady load.
  let started = performance.now();
  const first = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => post(port, i)));
  report(
    `${CONCURRENCY} concurrent POST /train (kubernetes dry run)`,
    first,
    (performance.now() - started) / 1000,
  );
  const firstIds = first.filter((result) => result.status === 202).map((result) => result.id!);
  const firstStatuses = await settle(port, firstIds);
  console.log(
    `  accepted ${firstIds.length}, distinct ids ${new Set(firstIds).size}, recorded: ${count(firstStatuses)}`,
  );
  serverErrors += first.filter(
    (result) => typeof result.status === 'number' && result.status >= 500,
  ).length;
  lost += firstIds.filter((id) => !SETTLED.includes(firstStatuses.get(id) ?? '')).length;

  // 2. The same load, with the service killed and restarted in the middle.
  started = performance.now();
  let answered = 0;
  const killAfter = Math.floor(CONCURRENCY / 4);
  let restarted: Promise<void> | undefined;
  const second = await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, i) => {
      const result = await post(port, CONCURRENCY + i);
      if (++answered === killAfter)
        restarted = (async () => {
          server.kill('SIGKILL');
          await new Promise((resolve) => server.once('close', resolve));
          server = await serve(port);
        })();
      return result;
    }),
  );
  await restarted;
  report(
    `${CONCURRENCY} concurrent POST /train, killed after ${killAfter} answers`,
    second,
    (performance.now() - started) / 1000,
  );
  // A client retries what got no answer; the restarted service accepts it.
  const retried = await Promise.all(
    second.map((result, i) =>
      result.status === 'error' ? post(port, 2 * CONCURRENCY + i) : result,
    ),
  );
  const refused = second.filter((result) => result.status === 'error').length;
  const secondIds = retried.filter((result) => result.status === 202).map((result) => result.id!);
  const secondStatuses = await settle(port, secondIds);
  console.log(
    `  refused while down (then retried): ${refused}; accepted ${secondIds.length}, distinct ids ${new Set(secondIds).size}, after the restart: ${count(secondStatuses)}`,
  );
  serverErrors += retried.filter(
    (result) => typeof result.status === 'number' && result.status >= 500,
  ).length;
  lost += secondIds.filter((id) => !SETTLED.includes(secondStatuses.get(id) ?? '')).length;
  let resubmitted = 0;
  for (const id of secondIds) {
    const job = (await (
      await fetch(`http://127.0.0.1:${port}/jobs/${id}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as {
      logs: Array<{ line: string }>;
    };
    if (job.logs.some((entry) => entry.line.startsWith('Resubmitted'))) resubmitted++;
  }
  console.log(
    `  of those, recorded before the kill but not yet submitted, then resubmitted from their record by the new service: ${resubmitted}`,
  );
  console.log(`accepted jobs lost or unsettled: ${lost}; 5xx answers: ${serverErrors}`);
  server.kill('SIGTERM');
  if (lost > 0 || serverErrors > 0) process.exitCode = 1;
}

void main();
