import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@mesh/testing';
import { startTrainingApi, type TrainingApi } from '@mesh/training-api';

/** The workspace root, from this file. */
export const ROOT = join(__dirname, '..', '..', '..');

// Response bodies are whatever JSON the API sent; tests read fields freely.
/* eslint-disable @typescript-eslint/no-explicit-any */

export const TOKEN = 'test-api-token-7f3a';

/** Starts the API on a free loopback port with its state under `home`. */
export function startApi(home: string, env: Record<string, string> = {}): Promise<TrainingApi> {
  return startTrainingApi({
    root: ROOT,
    port: 0,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MESH_HOME: home,
      MESH_API_TOKENS: `other-token,${TOKEN}`,
      K8S_TRAINING_IMAGE: 'ghcr.io/finery/trainer:1.4',
      VERTEX_IMAGE_URI: 'us-docker.pkg.dev/finery/trainer:1.4',
      VERTEX_PROJECT: 'finery',
      ...env,
    },
  });
}

/** A small client that remembers every response body it saw (for the secret search). */
export class Client {
  readonly seen: string[] = [];

  constructor(
    private readonly url: string,
    /** null sends no Authorization header. */
    private readonly token: string | null = TOKEN,
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; text: string; headers: Headers }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    this.seen.push(text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (the page, a stream)
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  }

  /** Polls GET /jobs/:id until `done` says so. */
  async waitFor(id: string, done: (job: any) => boolean, timeoutMs = 60_000): Promise<any> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await this.request('GET', `/jobs/${id}`);
      if (done(body)) return body;
      if (Date.now() > until)
        throw new Error(`job ${id} still ${body.status}: ${JSON.stringify(body).slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export const settled = (job: { status: string; dryRun: boolean }) =>
  ['succeeded', 'failed', 'cancelled'].includes(job.status) ||
  (job.status === 'submitted' && job.dryRun);

/** `npx mesh serve` as a separate process, as a user starts it; `output()` is all it printed. */
export async function serveProcess(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'libs/cli/bin/mesh.js'), 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`mesh serve exited: ${output}`);
    const up = await fetch(`${url}/health`).then(
      () => true,
      () => false,
    );
    if (up) return { child, url, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`mesh serve did not answer on ${url}: ${output}`);
}
