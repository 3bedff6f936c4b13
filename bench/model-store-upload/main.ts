// Uploads files of random bytes (64 MiB and 1 GiB by default) to s3rver on loopback, running in
// a process of its own, through the model store (ArtifactStore over an S3ModelStore with its
// defaults) and with one plain PutObject each, and prints the times and their ratio. See
// README.md; times are printed, never asserted.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ArtifactStore, S3ModelStore, type ModelStore } from '@mesh/model-store';
import { recordBenchResult, type BenchFigure } from '../lib/bench-result';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
/** Sizes in MiB, comma-separated; e.g. SIZES_MIB=64,1024,4096 (4 GiB needs ~12 GiB of disk). */
const SIZES = (process.env.SIZES_MIB ?? '64,1024').split(',').map((size) => Number(size) * MiB);

interface ServerInfo {
  endpoint: string;
  bucket: string;
  clientConfig: S3ClientConfig;
}

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'mesh-bench-upload-'));
  const server = fork(join(__dirname, 's3-server-process.ts'), {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    server.once('message', (message) => resolve(message as ServerInfo));
    server.once('exit', (code) => reject(new Error(`the s3rver process exited ${code}`)));
  });
  const client = new S3Client(info.clientConfig);
  const figures: BenchFigure[] = [];
  try {
    const cpu = cpus();
    console.log('mesh model-store upload benchmark');
    console.log(
      `machine: ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ` +
        `${(totalmem() / GiB).toFixed(1)} GiB memory, ${platform()} ${release()} ${arch()}, ` +
        `Node ${process.version}, load average ${loadavg()[0].toFixed(2)}`,
    );
    console.log(`server: s3rver in its own process on ${info.endpoint}, bucket ${info.bucket}`);
    for (const size of SIZES) figures.push(await measure(client, info.bucket, folder, size));
  } finally {
    client.destroy();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await rm(folder, { recursive: true, force: true });
  }
  console.log('');
  console.log(
    `load average at the end: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log(`figures written to ${recordBenchResult('model-store-upload', figures)}`);
}

/** Puts one file of `size` bytes both ways; returns the figure for the README. */
async function measure(
  client: S3Client,
  bucket: string,
  folder: string,
  size: number,
): Promise<BenchFigure> {
  const label = size >= GiB ? `${size / GiB} GiB` : `${size / MiB} MiB`;
  const file = join(folder, `artifact-${size}.bin`);
  await writeRandomFile(file, size);
  console.log('');
  console.log(`${label} (${size} bytes) of random bytes`);

  // The same file, one request, streamed with its length: what S3 itself can take.
  const plainKey = `plain/${size}.bin`;
  const plain = await timed(() =>
    client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: plainKey,
        Body: createReadStream(file),
        ContentLength: size,
      }),
    ),
  );
  console.log(`  PutObject (one streamed request):         ${rate(size, plain.ms)}`);

  // Through the model store, with its defaults; the S3ModelStore is wrapped to time its put.
  const prefix = `store-${size}`;
  const timing = timePuts(new S3ModelStore({ client, bucket, prefix }));
  const artifacts = new ArtifactStore(timing.store);
  const whole = await timed(() => artifacts.putFile(file));
  const upload = timing.lastPutMs;
  console.log(`  S3ModelStore.put (the upload):            ${rate(size, upload)}`);
  console.log(`  ArtifactStore.putFile (sha256 + upload):  ${rate(size, whole.ms)}`);

  for (const key of [plainKey, `${prefix}/${whole.value.key}`]) {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    if (head.ContentLength !== size) throw new Error(`${key} has ${head.ContentLength} bytes`);
  }
  let sent = 0;
  const again = await timed(() =>
    artifacts.putFile(file, { onProgress: (loaded) => (sent = loaded) }),
  );
  console.log(
    `  re-put: uploaded ${again.value.uploaded}, ${sent} bytes sent, ${seconds(again.ms)} (sha256 + HEAD)`,
  );
  const ratio = plain.ms / upload;
  const wholeRatio = plain.ms / whole.ms;
  console.log(`  ratio, PutObject time / model-store upload time: ${ratio.toFixed(2)}x`);
  console.log(`  ratio, PutObject time / whole putFile time:      ${wholeRatio.toFixed(2)}x`);

  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: plainKey }));
  await client.send(
    new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}/${whole.value.key}` }),
  );
  await rm(file, { force: true });
  return {
    measure: `${label} upload: model store vs one PutObject (whole putFile with sha256)`,
    value: `${seconds(upload)} vs ${seconds(plain.ms)} (${seconds(whole.ms)})`,
    ratio: `${ratio.toFixed(2)}x (${wholeRatio.toFixed(2)}x); goal >= 0.9x`,
  };
}

/** Writes `size` random bytes to `path`, 1 MiB at a time. */
async function writeRandomFile(path: string, size: number): Promise<void> {
  async function* chunks() {
    for (let left = size; left > 0; left -= MiB) yield randomBytes(Math.min(MiB, left));
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
}

/** A store that passes everything on to `store`, timing each put. */
function timePuts(store: ModelStore) {
  const timing = {
    lastPutMs: 0,
    store: {
      uri: store.uri,
      put: async (key, path, options) => {
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
