// Uploads a 1 GiB file to s3rver on loopback through the model store (ArtifactStore over
// S3ModelStore: multipart, default part size and concurrency) and with one plain PutObject, and
// prints the throughput of each. See README.md; times are printed, never asserted.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { arch, cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ArtifactStore, S3ModelStore, type ModelStore } from '@mesh/model-store';
import { startS3Server } from '@mesh/testing';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const SIZE = 1 * GiB;

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'mesh-bench-upload-'));
  const server = await startS3Server();
  const client = new S3Client(server.clientConfig);
  const completing = timeCommand(client, 'CompleteMultipartUploadCommand');
  try {
    const cpu = cpus();
    console.log('mesh model-store upload benchmark');
    console.log(
      `machine: ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ` +
        `${(totalmem() / GiB).toFixed(1)} GiB memory, ${platform()} ${release()} ${arch()}, ` +
        `Node ${process.version}`,
    );
    console.log(`server: s3rver on ${server.endpoint} (loopback), bucket ${server.bucket}`);

    const file = join(folder, 'artifact.bin');
    const written = await timed(() => writeRandomFile(file, SIZE));
    console.log(`file: ${SIZE} bytes (1 GiB) of random bytes, written in ${seconds(written.ms)}`);
    console.log('');

    // Through the model store; the S3ModelStore is wrapped to time its put alone.
    const timing = timePuts(new S3ModelStore({ client, bucket: server.bucket, prefix: 'bench' }));
    const artifacts = new ArtifactStore(timing.store);
    const first = await timed(() => artifacts.putFile(file));
    const upload = timing.lastPutMs;
    console.log('ArtifactStore.putFile -> S3ModelStore (multipart, 8 MiB parts, 4 at once)');
    console.log(`  upload (S3ModelStore.put):        ${rate(SIZE, upload)}`);
    console.log(
      `    of which CompleteMultipartUpload: ${seconds(completing.ms)} (s3rver copies the parts into one file)`,
    );
    console.log(`  whole putFile (sha256 + upload):  ${rate(SIZE, first.ms)}`);
    console.log(`  stored ${first.value.uri} (uploaded: ${first.value.uploaded})`);

    // The same file, one request, streamed with its length.
    const plain = await timed(() =>
      client.send(
        new PutObjectCommand({
          Bucket: server.bucket,
          Key: 'bench/plain-put-object.bin',
          Body: createReadStream(file),
          ContentLength: SIZE,
        }),
      ),
    );
    console.log('PutObject (one request, streamed body with ContentLength)');
    console.log(`  upload:                           ${rate(SIZE, plain.ms)}`);
    console.log('');
    console.log(`ratio, multipart upload / PutObject (MB/s): ${(plain.ms / upload).toFixed(2)}x`);

    for (const key of [`bench/${first.value.key}`, 'bench/plain-put-object.bin']) {
      const head = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: key }));
      if (head.ContentLength !== SIZE) throw new Error(`${key} has ${head.ContentLength} bytes`);
    }

    let sent = 0;
    const again = await timed(() =>
      artifacts.putFile(file, { onProgress: (loaded) => (sent = loaded) }),
    );
    console.log(
      `re-put through ArtifactStore: uploaded: ${again.value.uploaded}, ${sent} bytes sent, ` +
        `puts: ${timing.puts - 1}, ${seconds(again.ms)} (sha256 + HEAD)`,
    );
  } finally {
    client.destroy();
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

/** Writes `size` random bytes to `path`, 1 MiB at a time. */
async function writeRandomFile(path: string, size: number): Promise<void> {
  async function* chunks() {
    for (let left = size; left > 0; left -= MiB) yield randomBytes(Math.min(MiB, left));
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
}

/** Adds up the time `client` spends in requests of one command. */
function timeCommand(client: S3Client, commandName: string): { ms: number } {
  const total = { ms: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== commandName) return next(args);
      const { value, ms } = await timed(() => next(args));
      total.ms += ms;
      return value;
    },
    { step: 'initialize' },
  );
  return total;
}

/** A store that passes everything on to `store`, timing each put. */
function timePuts(store: ModelStore) {
  const timing = {
    puts: 0,
    lastPutMs: 0,
    store: {
      uri: store.uri,
      put: async (key, path, options) => {
        timing.puts++;
        const { ms } = await timed(() => store.put(key, path, options));
        timing.lastPutMs = ms;
      },
      get: (key) => store.get(key),
      head: (key) => store.head(key),
      list: (prefix) => store.list(prefix),
      delete: (key) => store.delete(key),
      presign: (key, seconds) => store.presign(key, seconds),
      uriOf: (key) => store.uriOf(key),
    } satisfies ModelStore,
  };
  return timing;
}

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = process.hrtime.bigint();
  const value = await action();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** `<seconds>  <MB/s>`, with MB = 10^6 bytes. */
function rate(bytes: number, ms: number): string {
  return `${seconds(ms).padStart(8)}  ${(bytes / 1e6 / (ms / 1000)).toFixed(1).padStart(7)} MB/s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
