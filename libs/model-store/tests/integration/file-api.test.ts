import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import {
  createFileApi,
  LocalModelStore,
  S3ModelStore,
  type FileApiOptions,
  type ModelStore,
} from '@mesh/model-store';
import { startS3Server, type S3Server } from '@mesh/testing';

jest.setTimeout(30_000);

const KEY = 'file-api-test-key';
const RUN = '/Legacy%20Report%20Interface%20Import/2025-08-03%2022%3A56%3A16';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request: `path` goes on the wire as given (no "." or ".." resolution). */
function send(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {},
): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers: options.headers },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.chunks) {
      // Sent chunked, without a Content-Length, so only counting the bytes can stop it.
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else req.end(options.body);
  });
}

async function serve(options: FileApiOptions): Promise<{ url: string; server: Server }> {
  const handler = createFileApi(options);
  const server = createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

async function stored(store: ModelStore, key: string): Promise<string | undefined> {
  if (!(await store.head(key))) return undefined;
  const parts: Buffer[] = [];
  for await (const chunk of await store.get(key)) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

let s3: S3Server;
let client: S3Client;
let prefixes = 0;
beforeAll(async () => {
  s3 = await startS3Server();
  client = new S3Client(s3.clientConfig);
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

const stores: Array<[string, () => ModelStore]> = [
  ['a local directory', () => new LocalModelStore({ root: mkdtempSync(join(tmpdir(), 'fa-')) })],
  ['s3rver', () => new S3ModelStore({ client, bucket: s3.bucket, prefix: `files-${++prefixes}` })],
];

describe.each(stores)('the file API over %s', (_name, makeStore) => {
  let store: ModelStore;
  let url: string;
  let server: Server;
  const auth = { authorization: `Bearer ${KEY}` };

  beforeEach(async () => {
    store = makeStore();
    ({ url, server } = await serve({ store, key: KEY, maxBytes: 64 }));
  });
  afterEach(() => close(server));

  test('stores a file once: 201 when new, 200 and untouched when it exists', async () => {
    const path = `${RUN}/logs/bayes-train.log`;
    const first = await send(url, 'PUT', path, { headers: auth, body: 'trained 40 edits\n' });
    expect(first.status).toBe(201);
    expect(JSON.parse(first.body)).toMatchObject({ created: true, size: 17 });

    const again = await send(url, 'POST', path, { headers: auth, body: 'something else\n' });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ created: false, size: 17 });
    const key = 'Legacy Report Interface Import/2025-08-03 22:56:16/logs/bayes-train.log';
    expect(await stored(store, key)).toBe('trained 40 edits\n');

    const read = await send(url, 'GET', path);
    expect(read.status).toBe(200);
    expect(read.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(read.body).toBe('trained 40 edits\n');
    const head = await send(url, 'HEAD', path);
    expect([head.status, head.headers['content-length'], head.body]).toEqual([200, '17', '']);
  });

  test('refuses writes without the key (401) or with a wrong one (403), storing nothing', async () => {
    const path = `${RUN}/edit-sets/train.xml`;
    const missing = await send(url, 'PUT', path, { body: '<WPEditSet/>' });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const wrong = await send(url, 'PUT', path, {
      headers: { authorization: 'Bearer not-the-key' },
      body: '<WPEditSet/>',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body).not.toContain(KEY);
    expect(await stored(store, path.slice(1))).toBeUndefined();
    expect(await send(url, 'GET', path).then((reply) => reply.status)).toBe(404);
  });

  test('refuses paths that leave the store with 403', async () => {
    for (const path of [
      '/../outside.txt',
      '/a/../../outside.txt',
      '/%2e%2e/outside.txt',
      '/a/%2F..%2Fb',
      '/a/b%5C..%5Cc',
      '/a//b',
    ]) {
      const write = await send(url, 'PUT', path, { headers: auth, body: 'x' });
      expect([path, write.status]).toEqual([path, 403]);
      const read = await send(url, 'GET', path);
      expect([path, read.status]).toEqual([path, 403]);
    }
    expect(await send(url, 'PUT', '/_/other', { headers: auth, body: 'x' })).toMatchObject({
      status: 403,
    });
    expect(await send(url, 'PUT', '/_/health', { headers: auth, body: 'x' })).toMatchObject({
      status: 405,
    });
    const listed: string[] = [];
    for await (const object of store.list('')) listed.push(object.key);
    expect(listed).toEqual([]);
  });

  test('refuses a file over the size limit with 413, declared or streamed, storing nothing', async () => {
    const declared = await send(url, 'PUT', '/big/declared.bin', {
      headers: auth,
      body: Buffer.alloc(65),
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toContain('FILE_API_MAX_BYTES');
    const streamed = await send(url, 'PUT', '/big/streamed.bin', {
      headers: auth,
      chunks: [Buffer.alloc(40), Buffer.alloc(40)],
    });
    expect(streamed.status).toBe(413);
    expect(await store.head('big/declared.bin')).toBeUndefined();
    expect(await store.head('big/streamed.bin')).toBeUndefined();
    // Exactly the limit is accepted.
    const fits = await send(url, 'PUT', '/big/fits.bin', { headers: auth, body: Buffer.alloc(64) });
    expect(fits.status).toBe(201);
  });

  test('lists folders as an HTML index or JSON, and serves the health check', async () => {
    await send(url, 'PUT', `${RUN}/trial/report.txt`, {
      headers: auth,
      body: 'Trial set: 4 Edits',
    });
    await send(url, 'PUT', `${RUN}/artifacts/main.bayes`, { headers: auth, body: 'abc' });
    await send(url, 'PUT', '/%3Cb%3Eodd.txt', { headers: auth, body: 'x' });

    const root = await send(url, 'GET', '/');
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const column of ['Name', 'Last Modified', 'Size', 'Type'])
      expect(root.body).toContain(`<th>${column}</th>`);
    expect(root.body).toContain('<a href="/Legacy%20Report%20Interface%20Import/">');
    expect(root.body).toContain('<a href="/%3Cb%3Eodd.txt">&lt;b&gt;odd.txt</a>');
    expect(root.body).not.toContain('<b>odd');

    const run = await send(url, 'GET', `${RUN}/`, { headers: { accept: 'application/json' } });
    expect(run.status).toBe(200);
    const listing = JSON.parse(run.body);
    expect(listing.type).toBe('folder');
    expect(
      listing.entries.map((entry: { name: string; type: string; size: number }) => [
        entry.name,
        entry.type,
        entry.size,
      ]),
    ).toEqual([
      ['artifacts', 'folder', 3],
      ['trial', 'folder', 18],
    ]);
    const trial = await send(url, 'GET', `${RUN}/trial`);
    expect(trial.body).toContain('report.txt</a></td>');
    expect(trial.body).toContain('<td>18 B</td><td>text/plain; charset=utf-8</td>');

    const file = await send(url, 'GET', `${RUN}/trial/report.txt`, {
      headers: { accept: 'application/json' },
    });
    expect(JSON.parse(file.body)).toMatchObject({
      type: 'file',
      size: 18,
      contentType: 'text/plain; charset=utf-8',
    });
    expect(await send(url, 'GET', '/nothing/here')).toMatchObject({ status: 404 });
    const health = await send(url, 'GET', '/_/health');
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }]);
  });
});

test('without a key the file API is read-only', async () => {
  const store = new LocalModelStore({ root: mkdtempSync(join(tmpdir(), 'fa-')) });
  const { url, server } = await serve({ store });
  try {
    const write = await send(url, 'PUT', '/a.txt', {
      headers: { authorization: 'Bearer anything' },
      body: 'x',
    });
    expect(write.status).toBe(403);
    expect(write.body).toContain('FILE_API_KEY');
    expect(await store.head('a.txt')).toBeUndefined();
  } finally {
    await close(server);
  }
});

test('mounted under a path, it answers only there and links below it', async () => {
  const store = new LocalModelStore({ root: mkdtempSync(join(tmpdir(), 'fa-')) });
  const { url, server } = await serve({ store, key: KEY, basePath: '/files' });
  try {
    const put = await send(url, 'PUT', '/files/t/i/logs/a.log', {
      headers: { authorization: `Bearer ${KEY}` },
      body: 'x',
    });
    expect(put.status).toBe(201);
    expect(await store.head('t/i/logs/a.log')).toMatchObject({ size: 1 });
    expect((await send(url, 'GET', '/files/t/')).body).toContain('<a href="/files/t/i/">');
    expect((await send(url, 'GET', '/other')).status).toBe(404);
    expect((await send(url, 'GET', '/files/_/health')).status).toBe(200);
  } finally {
    await close(server);
  }
});
