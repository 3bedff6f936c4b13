import { spawn } from 'node:child_process';
import { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArtifactStore, LocalModelStore } from '@mesh/model-store';
import { connect, parseRegistryUrl, Registry } from '@mesh/registry';
import { databaseEngines, startS3Server, tempTree } from '@mesh/testing';

const FIXTURE = join(__dirname, 'fixtures', 'register.js');

/** Starts the registration fixture as its own process. */
function registerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // 'close', not 'exit': the child's output may still be in flight when it exits.
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited, output: () => stdout };
}

const engines = databaseEngines();

describe.each(engines)('on %s', (_engine, databaseUrl) => {
  it('20 registrations started at once, as separate processes, get versions 1 to 20', async () => {
    const registryUrl = await databaseUrl();
    const store = tempTree();
    const runs = Array.from({ length: 20 }, (_, index) =>
      registerProcess({
        REGISTRY_URL: registryUrl,
        MODEL_STORE_URI: pathToFileURL(store).href,
        MESH_HOME: tempTree(),
        MODEL: 'LOAD-TRAINED',
        SCORE: String(index),
        ARTIFACTS_DIR: tempTree({
          'model.bin': randomBytes(2048),
          'shared.txt': 'same in every version',
        }),
      }),
    );
    const results = await Promise.all(runs.map((run) => run.exited));
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });
    const numbers = results
      .map((result) => JSON.parse(result.stdout.trim().split('\n').pop()!).number)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));

    const registry = new Registry({
      connection: connect(parseRegistryUrl(registryUrl, store)),
      artifacts: new ArtifactStore(new LocalModelStore({ root: store })),
    });
    try {
      const versions = await registry.listVersions({ model: 'LOAD-TRAINED' });
      expect(versions.map((version) => version.number)).toEqual(numbers);
      expect(new Set(versions.map((version) => version.metrics.score)).size).toBe(20);
    } finally {
      await registry.close();
    }
  }, 120_000);

  it('a registration killed mid-upload leaves no version; the next one succeeds and gc removes the orphans', async () => {
    const registryUrl = await databaseUrl();
    const s3 = await startS3Server();
    try {
      const env = {
        REGISTRY_URL: registryUrl,
        MODEL_STORE_URI: `s3://${s3.bucket}/models`,
        S3_ENDPOINT_URL: s3.endpoint,
        // Every file multipart (S3_SINGLE_PUT_MAX_MB=0), so the kill lands between parts.
        S3_SINGLE_PUT_MAX_MB: '0',
        S3_PART_SIZE_MB: '5',
        S3_UPLOAD_CONCURRENCY: '1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_REGION: 'us-east-1',
        MESH_HOME: tempTree(),
        MODEL: 'KILLED-TRAINED',
      };
      const big = Object.fromEntries(
        Array.from({ length: 6 }, (_, index) => [
          `part-${index}.bin`,
          randomBytes(12 * 1024 * 1024),
        ]),
      );
      const doomed = registerProcess({ ...env, ARTIFACTS_DIR: tempTree(big) });
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (doomed.output().includes('stored part-0.bin')) {
            clearInterval(check);
            doomed.child.kill('SIGKILL');
            resolve();
          }
        }, 5);
        doomed.exited.then((result) => {
          clearInterval(check);
          if (result.signal !== 'SIGKILL')
            reject(
              new Error(
                `the registration finished before it could be killed: ${JSON.stringify(result)}`,
              ),
            );
        });
      });
      expect((await doomed.exited).signal).toBe('SIGKILL');

      const next = await registerProcess({
        ...env,
        ARTIFACTS_DIR: tempTree({ 'model.json': '{"fresh":true}' }),
      }).exited;
      expect(next.code).toBe(0);
      expect(JSON.parse(next.stdout.trim().split('\n').pop()!)).toMatchObject({
        id: 'KILLED-TRAINED-1',
        number: 1,
      });

      const { openRegistry, registrySettingsSpec } = await import('@mesh/registry');
      const { loadSettings } = await import('@mesh/settings');
      const registry = await openRegistry({
        settings: loadSettings(registrySettingsSpec, { configDir: null, env }).values,
        meshHome: env.MESH_HOME,
        s3Client: new S3Client(s3.clientConfig),
      });
      try {
        expect(
          (await registry.listVersions({ model: 'KILLED-TRAINED' })).map((version) => version.id),
        ).toEqual(['KILLED-TRAINED-1']);
        const report = await registry.gc({ minAgeMs: 0 });
        expect(report.deletedBlobs).toBeGreaterThanOrEqual(1);
        expect(report.freedBytes).toBeGreaterThanOrEqual(12 * 1024 * 1024);
        expect((await registry.gc({ minAgeMs: 0 })).deletedBlobs).toBe(0);
        await registry.download('KILLED-TRAINED-1', tempTree());
      } finally {
        await registry.close();
      }
    } finally {
      await s3.stop();
    }
  }, 180_000);
});
