import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Server, tempTree, type S3Server } from '@mesh/testing';
import { startFileApi, type FileApiServer } from '../../src/trainer/run-file-api';

jest.setTimeout(60_000);

const KEY = 'cbng-file-api-key';
const RUN = '/Legacy%20Report%20Interface%20Import/2025-08-03%2022%3A56%3A16';

/** `cbng-trainer run-file-api` as the step jobs use it: curl --fail -H@headers --data-binary @file. */
describe('cbng-trainer run-file-api', () => {
  let s3: S3Server;
  let client: S3Client;
  const saved = { ...process.env };

  beforeAll(async () => {
    s3 = await startS3Server();
    client = new S3Client(s3.clientConfig);
    // The SDK's default credential chain reads these.
    process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
  });
  afterAll(async () => {
    process.env = saved;
    client?.destroy();
    await s3?.stop();
  });

  async function exercise(api: FileApiServer): Promise<void> {
    const url = `${api.url}${RUN}/logs/store-edit-sets.log`;
    const put = (key?: string) =>
      fetch(url, {
        method: 'POST',
        headers: key ? { authorization: `Bearer ${key}` } : {},
        body: 'stored 2 edit sets\n',
      });
    expect((await put()).status).toBe(401);
    expect((await put('wrong')).status).toBe(403);
    expect((await put(KEY)).status).toBe(201);
    expect((await put(KEY)).status).toBe(200);
    const read = await fetch(url);
    expect(read.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await read.text()).toBe('stored 2 edit sets\n');
    expect(await (await fetch(`${api.url}/_/health`)).json()).toEqual({ status: 'ok' });
  }

  it('stores into S3 (FILE_API_STORE_URI on s3rver)', async () => {
    const api = await startFileApi({
      PORT: '0',
      MESH_HOME: tempTree(),
      FILE_API_KEY: KEY,
      FILE_API_STORE_URI: `s3://${s3.bucket}/cbng`,
      S3_ENDPOINT_URL: s3.endpoint,
    });
    try {
      expect(api.storeUri).toBe(`s3://${s3.bucket}/cbng`);
      await exercise(api);
      const object = await client.send(
        new GetObjectCommand({
          Bucket: s3.bucket,
          Key: 'cbng/Legacy Report Interface Import/2025-08-03 22:56:16/logs/store-edit-sets.log',
        }),
      );
      expect(await object.Body!.transformToString()).toBe('stored 2 edit sets\n');
    } finally {
      await api.close();
    }
  });

  it('stores into files/ of the local store by default', async () => {
    const home = tempTree();
    const api = await startFileApi({ PORT: '0', MESH_HOME: home, FILE_API_KEY: KEY });
    try {
      expect(api.storeUri).toBe(`file://${home}/store/files`);
      await exercise(api);
    } finally {
      await api.close();
    }
  });

  it('is read-only without FILE_API_KEY', async () => {
    const api = await startFileApi({ PORT: '0', MESH_HOME: tempTree() });
    try {
      const response = await fetch(`${api.url}/a.log`, {
        method: 'PUT',
        headers: { authorization: 'Bearer x' },
        body: 'x',
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('set FILE_API_KEY');
    } finally {
      await api.close();
    }
  });
});
