import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TrainingApi } from '@mesh/training-api';
import { freePort, tempTree } from '@mesh/testing';
import { Client, ROOT, settled, startApi, TOKEN } from '../api-client';

/** `npx mesh serve` as a separate process, as a user starts it. */
async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
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
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`mesh serve exited: ${output}`);
    const up = await fetch(`${url}/health`).then(
      () => true,
      () => false,
    );
    if (up) return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`mesh serve did not answer on ${url}: ${output}`);
}

describe('mesh serve', () => {
  let api: TrainingApi | undefined;
  afterAll(() => api?.close());

  it('trains keywords to a registered version, and keeps every job across a crash', async () => {
    const home = tempTree({ 'sleep.sh': 'echo "training $*"; sleep 60\n' });
    const env = {
      MESH_HOME: home,
      MESH_API_TOKENS: TOKEN,
      PYTHON_BIN: 'sh',
      TRAIN_SCRIPT_PATH: join(home, 'sleep.sh'),
      K8S_TRAINING_IMAGE: 'trainer:1',
    };
    const server = await serve(env);
    const client = new Client(server.url);

    // The acceptance path: a local job of the keywords component reaches succeeded, and registers.
    const trained = await client.request('POST', '/train', {
      project: 'keywords',
      component: 'train',
      backend: 'local',
    });
    expect(trained.status).toBe(202);
    const done = await client.waitFor(trained.body.id, settled, 120_000);
    expect(done).toMatchObject({ status: 'succeeded', exitCode: 0 });
    const models = await client.request('GET', '/models');
    expect(models.body.map((version: { id: string }) => version.id)).toEqual([
      'KEYWORDS-TRAINED-1',
    ]);
    const report = await client.request('GET', '/models/KEYWORDS-TRAINED-1/report.html');
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/html');
    expect(report.text).toContain('data-plot="f1-at-k"');
    expect((await client.request('GET', '/models/KEYWORDS-TRAINED-9/report.html')).status).toBe(
      404,
    );

    const dry = await client.request('POST', '/train', {
      backend: 'kubernetes',
      dataset_file: 's3://b/d.jsonl',
      output_dir: '/out',
    });
    await client.waitFor(dry.body.id, settled);
    const long = await client.request('POST', '/train', {
      backend: 'local',
      dataset_file: 'd.jsonl',
      output_dir: '/out',
    });
    const running = await client.waitFor(long.body.id, (job) => job.status === 'running');

    // The service dies without a chance to record anything.
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('close', resolve));
    const orphan = Number(running.externalId.replace('pid:', ''));
    process.kill(-orphan, 'SIGKILL');

    api = await startApi(home, env);
    expect(api.recovered).toEqual([long.body.id]);
    const after = new Client(api.url);
    const failed = (await after.request('GET', `/jobs/${long.body.id}`)).body;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(
      /stopped while the job was running; it was marked failed when the service restarted/,
    );
    const listed = (await after.request('GET', '/jobs')).body.map(
      (job: { id: string; status: string }) => [job.id, job.status],
    );
    expect(listed).toEqual(
      expect.arrayContaining([
        [trained.body.id, 'succeeded'],
        [dry.body.id, 'succeeded'],
        [long.body.id, 'failed'],
      ]),
    );
  }, 180_000);
});
