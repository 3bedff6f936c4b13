import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ArtifactStore,
  createArtifactWriteStream,
  DigestCache,
  S3ModelStore,
  STAGING_PREFIX,
} from '@mesh/model-store';
import { startS3Server, tempTree, type S3Server } from '@mesh/testing';
import { describeModelStoreContract, MiB } from './model-store-contract';

jest.setTimeout(30_000);

let server: S3Server;
let client: S3Client;
let stores = 0;

beforeAll(async () => {
  server = await startS3Server();
  client = new S3Client(server.clientConfig);
});
afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

/**
 * Each store gets its own prefix in the suite's bucket, so it starts empty. Files above 5 MiB
 * go multipart in 5 MiB parts, so small test files exercise both kinds of upload.
 */
function newStore(
  options: {
    prefix?: string;
    client?: S3Client;
    singlePutMaxBytes?: number;
    onWarning?: (message: string) => void;
  } = {},
): S3ModelStore {
  return new S3ModelStore({
    client: options.client ?? client,
    bucket: server.bucket,
    prefix: options.prefix ?? `store-${++stores}`,
    singlePutMaxBytes: options.singlePutMaxBytes ?? 5 * MiB,
    partSizeBytes: 5 * MiB,
    onWarning: options.onWarning,
  });
}

describeModelStoreContract('S3ModelStore on s3rver', async () => {
  const store = newStore();
  return {
    store,
    overwrite: async (key, bytes) => {
      await client.send(
        new PutObjectCommand({ Bucket: server.bucket, Key: `${store.prefix}/${key}`, Body: bytes }),
      );
    },
    leftovers: () => server.openMultipartUploads(),
  };
});

describe('S3ModelStore', () => {
  test('keeps objects under its prefix, named by s3:// URIs', async () => {
    const store = newStore({ prefix: '/team/models/' });
    await store.put('a.txt', join(tempTree({ 'a.txt': 'alpha' }), 'a.txt'));

    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: server.bucket, Prefix: 'team/' }),
    );
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['team/models/a.txt']);
    expect(store.uri).toBe(`s3://${server.bucket}/team/models`);
    expect(store.uriOf('a.txt')).toBe(`s3://${server.bucket}/team/models/a.txt`);
  });

  test('sends only a HEAD request for an artifact that is already stored', async () => {
    const counting = new S3Client(server.clientConfig);
    const commands = recordCommands(counting);
    const artifacts = new ArtifactStore(newStore({ client: counting }));
    const path = join(tempTree({ 'model.bin': randomBytes(10_000) }), 'model.bin');

    expect(await artifacts.putFile(path)).toMatchObject({ uploaded: true });
    expect(commands.splice(0)).toEqual(['HeadObjectCommand', 'PutObjectCommand']);
    expect(await artifacts.putFile(path)).toMatchObject({ uploaded: false });
    expect(commands).toEqual(['HeadObjectCommand']);
    counting.destroy();
  });

  test('streams a file up to singlePutMaxBytes in one PutObject, reporting progress as it is read', async () => {
    const counting = new S3Client(server.clientConfig);
    const commands = recordCommands(counting);
    const store = newStore({ client: counting, singlePutMaxBytes: 12 * MiB });
    const path = join(tempTree(), 'large.bin');
    const content = randomBytes(12 * MiB);
    writeFileSync(path, content);
    const events: Array<[number, number]> = [];

    await store.put('large.bin', path, { onProgress: (...event) => events.push(event) });

    expect(commands).toEqual(['PutObjectCommand']);
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toEqual([12 * MiB, 12 * MiB]);
    const stored = Buffer.concat(await (await store.get('large.bin')).toArray());
    expect(stored.equals(content)).toBe(true);
    counting.destroy();
  });

  test('sends the sha256 it is given as the PutObject checksum, so S3 can check the bytes', async () => {
    const sent: Array<Record<string, unknown>> = [];
    const watching = new S3Client(server.clientConfig);
    watching.middlewareStack.add(
      (next) => (args) => {
        sent.push(args.input as Record<string, unknown>);
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = newStore({ client: watching });
    const path = join(tempTree({ 'a.bin': 'alpha' }), 'a.bin');
    const sha256 = createHash('sha256').update('alpha').digest('hex');

    await store.put('a.bin', path, { sha256 });

    expect(sent[0]).toMatchObject({
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      Metadata: { sha256 },
    });
    expect(await store.head('a.bin')).toMatchObject({ size: 5, sha256 });
    watching.destroy();
  });

  test('uploads a file above singlePutMaxBytes in parts, reporting progress as each part is stored', async () => {
    const counting = new S3Client(server.clientConfig);
    const commands = recordCommands(counting);
    const store = newStore({ client: counting });
    const path = join(tempTree(), 'large.bin');
    writeFileSync(path, randomBytes(12 * MiB));
    const events: number[] = [];

    await store.put('large.bin', path, { onProgress: (loaded) => events.push(loaded) });

    expect(commands.sort()).toEqual([
      'CompleteMultipartUploadCommand',
      'CreateMultipartUploadCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'UploadPartCommand',
    ]);
    // Parts are sent at once: the short last part may be stored before the second one.
    expect(events).toHaveLength(3);
    expect(events.at(-1)).toBe(12 * MiB);
    expect(await store.head('large.bin')).toMatchObject({ size: 12 * MiB });
    counting.destroy();
  });

  test('warns how to clean up when a cancelled multipart upload cannot be aborted', async () => {
    // Plain s3rver answers AbortMultipartUpload with 405, as a misconfigured proxy could.
    const refusing = await startS3Server({ abortMultipartUpload: false });
    const refusingClient = new S3Client(refusing.clientConfig);
    try {
      const warnings: string[] = [];
      const store = new S3ModelStore({
        client: refusingClient,
        bucket: refusing.bucket,
        singlePutMaxBytes: 5 * MiB,
        partSizeBytes: 5 * MiB,
        onWarning: (message) => warnings.push(message),
      });
      const path = join(tempTree(), 'large.bin');
      writeFileSync(path, randomBytes(12 * MiB));
      const controller = new AbortController();

      const error = await store
        .put('large.bin', path, { signal: controller.signal, onProgress: () => controller.abort() })
        .catch((caught: unknown) => caught);

      expect((error as Error).name).toBe('AbortError');
      expect(await store.head('large.bin')).toBeUndefined();
      const [uploadId] = await refusing.openMultipartUploads();
      expect(warnings).toEqual([
        expect.stringContaining(`Could not abort the multipart upload ${uploadId} of s3://`),
      ]);
      expect(warnings[0]).toContain(
        `aws s3api abort-multipart-upload --bucket ${refusing.bucket} --key large.bin --upload-id ${uploadId}`,
      );
    } finally {
      refusingClient.destroy();
      await refusing.stop();
    }
  });

  test('cannot presign yet: @aws-sdk/s3-request-presigner is not a dependency', async () => {
    expect(await newStore().presign('a.txt', 60)).toBeUndefined();
  });
});

describe('S3ModelStore when a connection drops during an upload', () => {
  /**
   * A TCP proxy in front of s3rver that resets the connection carrying the first request whose
   * request line matches `drop`, before any of it reaches the server: what a dropped
   * connection looks like to the client in the middle of sending a file.
   */
  async function droppingProxy(drop: RegExp): Promise<{ endpoint: string; close(): void }> {
    const target = new URL(server.clientConfig.endpoint);
    let armed = true;
    const proxy: Server = createServer((incoming) => {
      const outgoing = createConnection(Number(target.port), target.hostname);
      incoming.on('data', (chunk: Buffer) => {
        if (armed && drop.test(chunk.subarray(0, 512).toString('latin1'))) {
          armed = false;
          incoming.resetAndDestroy();
          outgoing.destroy();
          return;
        }
        outgoing.write(chunk);
      });
      outgoing.pipe(incoming);
      incoming.on('error', () => outgoing.destroy());
      outgoing.on('error', () => incoming.destroy());
      incoming.on('close', () => outgoing.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    return { endpoint: `http://127.0.0.1:${port}`, close: () => proxy.close() };
  }

  async function putThroughDrop(drop: RegExp, singlePutMaxBytes: number) {
    const proxy = await droppingProxy(drop);
    const proxied = new S3Client({ ...server.clientConfig, endpoint: proxy.endpoint });
    const warnings: string[] = [];
    const store = new S3ModelStore({
      client: proxied,
      bucket: server.bucket,
      prefix: `store-${++stores}`,
      singlePutMaxBytes,
      partSizeBytes: 5 * MiB,
      retryDelayMs: 0,
      onWarning: (message) => warnings.push(message),
    });
    const content = randomBytes(12 * MiB);
    const path = join(tempTree(), 'model.bin');
    writeFileSync(path, content);
    try {
      const stored = await new ArtifactStore(store, { digestCache: new DigestCache() }).putFile(
        path,
      );
      const body = await store.get(stored.key);
      const hash = createHash('sha256');
      for await (const chunk of body) hash.update(chunk as Buffer);
      return { stored, storedSha256: hash.digest('hex'), warnings, sha256: sha256Of(content) };
    } finally {
      proxied.destroy();
      proxy.close();
    }
  }

  test('sends a one-PutObject upload again from the file, whole', async () => {
    const { stored, storedSha256, sha256, warnings } = await putThroughDrop(
      /^PUT \/[^ ?]+\/blobs\//,
      20 * MiB,
    );
    expect(stored).toMatchObject({ sha256, uploaded: true });
    expect(storedSha256).toBe(sha256);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^PutObject of s3:\/\/.* failed \(.*\): sending it again, attempt 2 of 3$/,
      ),
    ]);
  });

  test('sends only the part whose connection dropped again', async () => {
    const { stored, storedSha256, sha256, warnings } = await putThroughDrop(
      /^PUT \/[^ ]+[?&]partNumber=2[& ]/,
      5 * MiB,
    );
    expect(stored).toMatchObject({ sha256, uploaded: true });
    expect(storedSha256).toBe(sha256);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Part 2 of s3:\/\/.* failed \(.*\): sending it again, attempt 2 of 3$/,
      ),
    ]);
    expect(await server.openMultipartUploads()).toEqual([]);
  });
});

/** The names of the commands `client` sends, in order. */
function recordCommands(client: S3Client): string[] {
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize' },
  );
  return commands;
}

describe('S3ModelStore digests', () => {
  it('records the sha256 with each blob, so a reuse is confirmed from HEAD alone', async () => {
    const store = newStore();
    const artifacts = new ArtifactStore(store);
    const path = join(tempTree(), 'model.bin');
    writeFileSync(path, randomBytes(1000));
    const stored = await artifacts.putFile(path);
    expect((await store.head(stored.key))?.sha256).toBe(stored.sha256);
    const get = jest.spyOn(store, 'get');
    expect(await artifacts.putFile(path)).toMatchObject({ uploaded: false });
    expect(get).not.toHaveBeenCalled();
  });
});

/** The keys stored under `store`'s staging folder. */
async function stagedKeys(store: S3ModelStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of store.list(STAGING_PREFIX)) keys.push(object.key);
  return keys;
}

function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

describe('ArtifactStore.putFile on S3', () => {
  test('sends only a HEAD for a file it hashed before, and hashes it again once rewritten', async () => {
    const counting = new S3Client(server.clientConfig);
    const commands = recordCommands(counting);
    const store = newStore({ client: counting });
    const digestCache = new DigestCache({ settledMs: 0 });
    const path = join(tempTree(), 'model.bin');
    const content = randomBytes(100_000);
    writeFileSync(path, content);
    await new Promise((resolve) => setTimeout(resolve, 5));

    const first = await new ArtifactStore(store, { digestCache }).putFile(path);
    expect(first).toMatchObject({ sha256: sha256Of(content), uploaded: true });
    commands.splice(0);
    const again = await new ArtifactStore(store, { digestCache }).putFile(path);
    expect(again).toEqual({ ...first, uploaded: false });
    expect(commands.splice(0)).toEqual(['HeadObjectCommand']);

    const changed = randomBytes(100_000);
    writeFileSync(path, changed);
    expect(await new ArtifactStore(store, { digestCache }).putFile(path)).toMatchObject({
      sha256: sha256Of(changed),
      uploaded: true,
    });
    counting.destroy();
  });

  test('stores a file written through the artifact writer under the digest recorded as it was written', async () => {
    const counting = new S3Client(server.clientConfig);
    const commands = recordCommands(counting);
    const store = newStore({ client: counting });
    const digestCache = new DigestCache();
    const path = join(tempTree(), 'model.bin');
    const chunks = [randomBytes(3 * MiB), randomBytes(MiB + 17)];
    const writer = createArtifactWriteStream(path, { digestCache });
    await pipeline(Readable.from(chunks), writer);

    // Every read of the file, by the hash or the upload, opens a read stream.
    const reads = jest.spyOn(fs, 'createReadStream');
    const stored = await new ArtifactStore(store, { digestCache }).putFile(path);
    const readsOfFile = reads.mock.calls.filter(([file]) => file === path).length;
    reads.mockRestore();

    expect(readsOfFile).toBe(1);
    const expected = sha256Of(Buffer.concat(chunks));
    expect(stored).toMatchObject({ sha256: expected, uploaded: true });
    expect(commands).toEqual(['HeadObjectCommand', 'PutObjectCommand']);
    expect(await store.head(stored.key)).toMatchObject({ sha256: expected, size: 4 * MiB + 17 });
    counting.destroy();
  });
});

describe('ArtifactStore.putFile staged on S3 (stageMinBytes)', () => {
  const staging = (store: S3ModelStore) =>
    new ArtifactStore(store, { stageMinBytes: 0, digestCache: new DigestCache() });

  test('uploads to a staging key while hashing, copies it under its digest, removes the staging key', async () => {
    const counting = new S3Client(server.clientConfig);
    const commands = recordCommands(counting);
    const store = newStore({ client: counting });
    const content = randomBytes(3 * MiB);
    const path = join(tempTree(), 'model.bin');
    writeFileSync(path, content);
    const events: number[] = [];

    const stored = await staging(store).putFile(path, {
      onProgress: (loaded) => events.push(loaded),
    });

    const sha256 = sha256Of(content);
    expect(stored).toEqual({
      sha256,
      size: 3 * MiB,
      key: `blobs/sha256/${sha256.slice(0, 2)}/${sha256}`,
      uri: store.uriOf(`blobs/sha256/${sha256.slice(0, 2)}/${sha256}`),
      uploaded: true,
    });
    expect(commands.splice(0)).toEqual([
      'PutObjectCommand',
      'HeadObjectCommand',
      'CopyObjectCommand',
      'DeleteObjectCommand',
    ]);
    expect(events.at(-1)).toBe(3 * MiB);
    expect(await store.head(stored.key)).toMatchObject({ size: 3 * MiB, sha256 });
    expect(await stagedKeys(store)).toEqual([]);
    const download = join(tempTree(), 'download.bin');
    await staging(store).download(sha256, download);
    expect(readFileSync(download).equals(content)).toBe(true);
    counting.destroy();
  });

  test('stages a file above singlePutMaxBytes in parts, with the digest of all its bytes', async () => {
    const store = newStore();
    const content = randomBytes(12 * MiB);
    const path = join(tempTree(), 'large.bin');
    writeFileSync(path, content);

    const stored = await staging(store).putFile(path);

    expect(stored).toMatchObject({ sha256: sha256Of(content), size: 12 * MiB, uploaded: true });
    expect(await staging(store).verifyBlob(stored.sha256)).toEqual({
      status: 'ok',
      size: 12 * MiB,
    });
    expect(await store.head(stored.key)).toMatchObject({ sha256: stored.sha256 });
    expect(await stagedKeys(store)).toEqual([]);
    expect(await server.openMultipartUploads()).toEqual([]);
  });

  test('drops the staged copy of a file whose blob is already stored', async () => {
    const counting = new S3Client(server.clientConfig);
    const commands = recordCommands(counting);
    const store = newStore({ client: counting });
    const path = join(tempTree({ 'model.bin': randomBytes(50_000) }), 'model.bin');
    const first = await staging(store).putFile(path);
    commands.splice(0);

    expect(await staging(store).putFile(path)).toEqual({ ...first, uploaded: false });
    expect(commands).toEqual(['PutObjectCommand', 'HeadObjectCommand', 'DeleteObjectCommand']);
    expect(await stagedKeys(store)).toEqual([]);
    counting.destroy();
  });

  test.each([
    // s3rver, unlike S3, keeps what it received of a cut-off PutObject, written as it arrives:
    // cancelled before s3rver has opened its file, that file would appear after the cleanup.
    // Halfway through, the cleanup's DELETE comes after it, as it would on S3.
    ['one PutObject', 12 * MiB, 6 * MiB],
    ['parts', 12 * MiB, 0],
  ])(
    'leaves no staged object and no blob when cancelled while uploading (%s)',
    async (_way, size, cancelAt) => {
      const store = newStore({ singlePutMaxBytes: cancelAt ? size : 5 * MiB });
      const path = join(tempTree(), 'model.bin');
      writeFileSync(path, randomBytes(size));
      const controller = new AbortController();

      const error = await staging(store)
        .putFile(path, {
          signal: controller.signal,
          onProgress: (loaded) => {
            if (loaded >= cancelAt) controller.abort();
          },
        })
        .catch((caught: unknown) => caught);

      expect((error as Error).name).toBe('AbortError');
      expect(await stagedKeys(store)).toEqual([]);
      expect(await all(staging(store).listBlobs())).toEqual([]);
      expect(await server.openMultipartUploads()).toEqual([]);
    },
  );

  test('removes the staged object when copying it into place fails', async () => {
    const failing = new S3Client(server.clientConfig);
    failing.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'CopyObjectCommand') {
          throw Object.assign(new Error('copy refused'), { name: 'AccessDenied' });
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = newStore({ client: failing });
    const path = join(tempTree({ 'model.bin': randomBytes(50_000) }), 'model.bin');

    await expect(staging(store).putFile(path)).rejects.toThrow('copy refused');

    expect(await stagedKeys(store)).toEqual([]);
    expect(await all(staging(store).listBlobs())).toEqual([]);
    failing.destroy();
  });

  test('does not stage a file above 5 GiB, which one CopyObject cannot copy', async () => {
    const store = newStore();
    const path = join(tempTree(), 'huge.bin');
    writeFileSync(path, '');
    truncateSync(path, 5 * 1024 * MiB + 1);

    expect(await store.stage(path)).toBeUndefined();
    expect(await stagedKeys(store)).toEqual([]);
  });

  test('sweeps staged objects older than minAgeMs, left by killed processes', async () => {
    const store = newStore();
    const path = join(tempTree({ 'a.bin': 'alpha' }), 'a.bin');
    await store.put(`${STAGING_PREFIX}left-behind`, path);
    await store.put('blobs/kept', path);

    expect(await store.sweepTemporaries()).toEqual([]);
    const later = new Date(Date.now() + 2 * 60 * 60 * 1000);
    expect(await store.sweepTemporaries({ now: later, dryRun: true })).toEqual([
      store.uriOf(`${STAGING_PREFIX}left-behind`),
    ]);
    expect(await stagedKeys(store)).toEqual([`${STAGING_PREFIX}left-behind`]);
    expect(await staging(store).sweepTemporaries({ now: later })).toEqual([
      store.uriOf(`${STAGING_PREFIX}left-behind`),
    ]);
    expect(await stagedKeys(store)).toEqual([]);
    expect(await store.head('blobs/kept')).toMatchObject({ size: 5 });
  });
});

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
}
