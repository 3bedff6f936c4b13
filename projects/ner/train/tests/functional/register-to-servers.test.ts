import { readdirSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Output } from '@mesh/output';
import { runComponent } from '@mesh/pipeline';
import { openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { startPostgres, startS3Server, tempTree } from '@mesh/testing';
import { settingsSpec } from '../../src/settings';
import { pipeline } from '../../src/pipeline';
import { loadPredictor } from '../../src/predict';

// ner/train end to end against a real S3 server and a real PostgreSQL: in its container
// (`make projects.functional/ner`) the compose file's `s3` and `postgres` services, named
// by MESH_TEST_S3_ENDPOINT_URL and MESH_TEST_REGISTRY_URL; on the host, servers it starts.

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const bucket = `ner-functional-${process.pid}`;
let endpoint: string;
let registryUrl: string;
const stops: Array<() => Promise<void>> = [];

/** Retries `attempt` until it succeeds: the compose services may still be starting. */
async function eventually<T>(what: string, attempt: () => Promise<T>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

beforeAll(async () => {
  // The run's S3 client takes its credentials from the process environment, as in a real run.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
  });
  if (process.env.MESH_TEST_S3_ENDPOINT_URL && process.env.MESH_TEST_REGISTRY_URL) {
    endpoint = process.env.MESH_TEST_S3_ENDPOINT_URL;
    registryUrl = process.env.MESH_TEST_REGISTRY_URL;
  } else {
    const [postgres, s3] = await Promise.all([startPostgres(), startS3Server()]);
    stops.push(
      () => postgres.stop(),
      () => s3.stop(),
    );
    endpoint = s3.endpoint;
    registryUrl = await postgres.createDatabase();
  }
  const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials });
  await eventually(`S3 server at ${endpoint}`, () =>
    client.send(new CreateBucketCommand({ Bucket: bucket })),
  );
}, 90_000);

afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});

describe('ner/train with MODEL_STORE_URI=s3://... and REGISTRY_URL=postgres://...', () => {
  it('registers a version whose artifacts are in S3 and whose record is in PostgreSQL', async () => {
    const env = {
      MESH_HOME: tempTree(),
      ENVIRONMENT: 'dev',
      CI: 'true',
      MODEL_STORE_URI: `s3://${bucket}/stage`,
      S3_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      REGISTRY_URL: registryUrl,
    };
    const stderr = new PassThrough();
    const run = () =>
      runComponent(
        {
          project: 'ner',
          component: 'train',
          root: join(__dirname, '..', '..'),
          settings: settingsSpec,
          pipeline,
        },
        { env, output: new Output({ env, stderr, stdout: new PassThrough() }) },
      );
    // The database may still be starting in compose: wait until the registry opens.
    const settings = loadSettings(registrySettingsSpec, { env, configDir: null }).values;
    const registry = await eventually(
      `PostgreSQL at ${registryUrl.replace(/:[^:@/]*@/, ':***@')}`,
      () => openRegistry({ settings, meshHome: env.MESH_HOME }),
    );
    try {
      const before = (await registry.listVersions({ model: 'NER-TRAINED' })).length;
      const code = await run();
      const text = String(stderr.read() ?? '');
      if (code !== 0) throw new Error(`the run exited ${code}:\n${text}`);
      expect(text).toContain(`Registered NER-TRAINED-${before + 1}`);
      expect(text).not.toContain('S3RVER');

      const versions = await registry.listVersions({ model: 'NER-TRAINED' });
      expect(versions).toHaveLength(before + 1);
      const version = await registry.getVersion(versions.at(-1)!.id);
      expect(version.metrics.f1).toBeGreaterThan(version.metrics.baseline_f1);

      const client = new S3Client({
        endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials,
      });
      const objects = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'stage/blobs/sha256/' }),
      );
      expect(objects.KeyCount).toBeGreaterThanOrEqual(6);

      const target = tempTree();
      const downloaded = await registry.download(version.id, target);
      expect(downloaded.files).toBe(version.artifacts.length);
      expect(readdirSync(target)).toEqual(expect.arrayContaining(['model.bin.gz', 'plots.json']));
      // The downloaded version answers as the registered run did.
      const predictor = await loadPredictor(target);
      const [answer] = await predictor.predict([{ tokens: ['Vienna', 'is', 'calm', '.'] }]);
      expect(answer).toEqual({ entities: expect.any(Array) });
    } finally {
      await registry.close();
    }
  }, 120_000);
});
