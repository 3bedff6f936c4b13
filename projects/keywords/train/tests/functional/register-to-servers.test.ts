import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startPostgres, startS3Server, tempTree, type TestPostgres } from '@mesh/testing';

const workspace = join(__dirname, '..', '..', '..', '..', '..');

describe('mesh start with MODEL_STORE_URI=s3://... and REGISTRY_URL=postgres://...', () => {
  let postgres: TestPostgres;
  let s3: Awaited<ReturnType<typeof startS3Server>>;
  beforeAll(async () => {
    [postgres, s3] = await Promise.all([startPostgres(), startS3Server()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([postgres?.stop(), s3?.stop()]);
  });

  it('registers into the S3 server and PostgreSQL, and mesh models reads it back', async () => {
    const env = {
      ...process.env,
      MESH_HOME: tempTree(),
      ENVIRONMENT: 'dev',
      CI: 'true',
      MODEL_STORE_URI: `s3://${s3.bucket}/stage`,
      S3_ENDPOINT_URL: s3.endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      REGISTRY_URL: await postgres.createDatabase(),
    };
    // Asynchronous: the S3 server runs in this process and must keep answering meanwhile.
    const mesh = (...args: string[]) =>
      promisify(execFile)('node', ['libs/cli/bin/mesh.js', ...args], {
        cwd: workspace,
        env,
        encoding: 'utf8',
      })
        .then(({ stdout, stderr }) => ({ status: 0, stdout, stderr }))
        .catch((error: { code: number; stdout: string; stderr: string }) => ({
          status: error.code,
          stdout: error.stdout,
          stderr: error.stderr,
        }));
    const started = await mesh('start', 'keywords', '--without-docker');
    expect(started.stderr + started.stdout).toContain('Registered KEYWORDS-TRAINED-1');
    expect(started.status).toBe(0);
    expect(started.stderr + started.stdout).not.toContain('S3RVER');

    const listed = await mesh('models', 'list', 'keywords', '--json');
    expect(listed.status).toBe(0);
    const [version] = JSON.parse(listed.stdout);
    expect(version).toMatchObject({ id: 'KEYWORDS-TRAINED-1' });
    expect(version.metrics.f1).toBeGreaterThan(0.45);

    const client = new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const objects = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'stage/blobs/sha256/' }),
    );
    expect(objects.KeyCount).toBeGreaterThanOrEqual(6);

    const target = tempTree();
    const downloaded = await mesh('models', 'download', 'KEYWORDS-TRAINED-1', '--to', target);
    expect(downloaded.status).toBe(0);
    expect(downloaded.stderr).toContain('verified');
  });
});
