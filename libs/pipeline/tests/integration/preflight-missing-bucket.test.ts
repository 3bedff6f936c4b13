import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { EXIT, runComponent } from '@mesh/pipeline';
import { int } from '@mesh/settings';
import { startS3Server, tempTree, type S3Server } from '@mesh/testing';

jest.setTimeout(60_000);

const settings = { TOP_N: int({ min: 1 })({ desc: 'How many', default: 3 }) };

let server: S3Server;
const saved = { ...process.env };
beforeAll(async () => {
  server = await startS3Server();
  // The S3 client takes credentials from the SDK's default chain, which reads process.env.
  process.env.AWS_ACCESS_KEY_ID = server.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = server.credentials.secretAccessKey;
});
afterAll(async () => {
  process.env = saved;
  await server?.stop();
});

describe('runComponent preflight against a real S3 server', () => {
  it('names a missing bucket before training, with exit 2 and no run folder', async () => {
    const root = tempTree({ 'config/dev.env': 'TOP_N=5\n' });
    const home = join(root, '.mesh');
    const stderr = new PassThrough();
    const stdout = new PassThrough();
    const env = {
      MESH_HOME: home,
      CI: 'true',
      ENVIRONMENT: 'dev',
      MODEL_STORE_URI: 's3://no-such-bucket/models',
      S3_ENDPOINT_URL: server.endpoint,
      AWS_REGION: 'us-east-1',
    };
    const pipeline = jest.fn();

    const code = await runComponent(
      { project: 'demo', component: 'train', root, settings, pipeline },
      { env, output: new Output({ env, stderr, stdout }) },
    );

    expect(code).toBe(EXIT.invalidSettings);
    expect(pipeline).not.toHaveBeenCalled();
    expect(existsSync(join(home, 'runs', 'demo-train'))).toBe(false);
    const printed = String(stderr.read() ?? '') + String(stdout.read() ?? '');
    expect(printed).toMatch(/MODEL_STORE_URI: .*"no-such-bucket" does not exist/);
  });
});
