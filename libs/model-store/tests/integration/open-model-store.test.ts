import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  ArtifactStore,
  BucketNotFoundError,
  InvalidStoreUriError,
  openModelStore,
  S3ModelStore,
  StoreUnreachableError,
} from '@mesh/model-store';
import { startS3Server, tempTree, type S3Server } from '@mesh/testing';
import { all } from './model-store-contract';

jest.setTimeout(30_000);

let server: S3Server;
const saved = { ...process.env };

beforeAll(async () => {
  server = await startS3Server();
  // openModelStore takes credentials from the SDK's default chain; the environment comes first.
  process.env.AWS_ACCESS_KEY_ID = server.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = server.credentials.secretAccessKey;
});
afterAll(async () => {
  process.env = saved;
  await server?.stop();
});

test('opens s3://bucket/prefix on S3_ENDPOINT_URL and stores artifacts under the prefix', async () => {
  const store = openModelStore(`s3://${server.bucket}/mesh/models`, { endpoint: server.endpoint });
  const artifact = await new ArtifactStore(store).putFile(
    join(tempTree({ 'model.json': '{"weights":[1,2,3]}' }), 'model.json'),
  );

  expect(store).toBeInstanceOf(S3ModelStore);
  expect(artifact.uri).toBe(`s3://${server.bucket}/mesh/models/${artifact.key}`);
  const client = new S3Client(server.clientConfig);
  const listed = await client.send(new ListObjectsV2Command({ Bucket: server.bucket }));
  expect(listed.Contents?.map((object) => object.Key)).toEqual([`mesh/models/${artifact.key}`]);
  expect(listed.Contents?.[0].Size).toBe(19);
  client.destroy();
});

test('names the endpoint and S3_ENDPOINT_URL when the endpoint is unreachable, within seconds', async () => {
  const endpoint = `http://127.0.0.1:${await unusedPort()}`;
  const store = openModelStore('s3://models', { endpoint });
  const artifacts = new ArtifactStore(store);
  const started = Date.now();

  const path = join(tempTree({ 'a.bin': randomBytes(100) }), 'a.bin');
  for (const attempt of [
    () => store.head('model.json'),
    () => store.put('model.json', path),
    () => all(store.list('')),
    () => artifacts.putFile(path),
  ]) {
    const error = await attempt().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnreachableError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Cannot reach the model store at ${endpoint} \\(connect ECONNREFUSED .*\\): check S3_ENDPOINT_URL`,
      ),
    );
  }
  expect(Date.now() - started).toBeLessThan(10_000);
});

test('names a bucket that does not exist', async () => {
  const store = openModelStore('s3://no-such-bucket/models', { endpoint: server.endpoint });
  const path = join(tempTree({ 'a.txt': 'a' }), 'a.txt');

  for (const attempt of [() => store.put('a.txt', path), () => all(store.list(''))]) {
    const error = await attempt().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BucketNotFoundError);
    expect((error as Error).message).toBe(
      `The bucket "no-such-bucket" does not exist at ${server.endpoint}: create it, or correct the bucket in MODEL_STORE_URI (s3://no-such-bucket/...).`,
    );
  }
});

test('refuses a URI it cannot open, naming it and the accepted forms', () => {
  expect(() => openModelStore('ftp://x')).toThrow(
    new InvalidStoreUriError(
      'MODEL_STORE_URI',
      'ftp://x',
      'is not supported',
      'use s3://bucket/prefix or file:///absolute/path',
    ),
  );
  expect(() => openModelStore('ftp://x')).toThrow(
    'MODEL_STORE_URI "ftp://x" is not supported: use s3://bucket/prefix or file:///absolute/path',
  );
});

/** A loopback port nothing listens on. */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
