// Uploads files of random bytes (64 MiB and 1 GiB by default) to s3rver on loopback, running in
// a process of its own, through the model store (ArtifactStore over an S3ModelStore with its
// defaults; the file written through the artifact writer, and a file mesh did not write) and
// with one plain PutObject each, and prints the times and their ratios. See
// README.md; times are printed, never asserted.
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import {
  ArtifactStore,
  createArtifactWriteStream,
  DigestCache,
  S3ModelStore,
} from '@mesh/model-store';
import { recordBenchResult, type BenchFigure } from '../lib/bench-result';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
/** The model store's upload reads (UPLOAD_READ_BYTES in libs/model-store). */
const STORE_UPLOAD_READ_BYTES = 256 * 1024;
/** Sizes in MiB, comma-separated; e.g. SIZES_MIB=64,1024,4096 (4 GiB needs ~12 GiB of disk). */
const SIZES = (process.env.SIZES_MIB ?? '64,1024').split(',').map((size) => Number(size) * MiB);
/** Rounds per size, alternating which upload goes first; medians are reported. */
const ROUNDS = Number(process.env.ROUNDS ?? 2);

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

/** The ways the benchmark uploads a file. */
const WAYS = ['plain', 'plainStoreReads', 'written', 'putFile'] as const;
type Way = (typeof WAYS)[number];

/**
 * Writes one file of `size` bytes through the artifact writer (and, to compare, with a plain
 * write stream), then puts it `ROUNDS` times each way, reversing the order every other round;
 * returns the figure for the README (medians).
 */
async function measure(
  client: S3Client,
  bucket: string,
  folder: string,
  size: number,
): Promise<BenchFigure> {
  const label = size >= GiB ? `${size / GiB} GiB` : `${size / MiB} MiB`;
  const file = join(folder, `artifact-${size}.bin`);
  console.log('');
  console.log(`${label} (${size} bytes) of random bytes, ${ROUNDS} round(s)`);
  // The same bytes both ways, each to a new file after a sync; the artifact writer's file is
  // the one uploaded.
  const plainFile = `${file}.plain`;
  execFileSync('sync');
  const plainWrite = await timed(() => writeRandomFile(size, () => createWriteStream(plainFile)));
  await rm(plainFile);
  execFileSync('sync');
  const writtenCache = new DigestCache();
  const artifactWrite = await timed(() =>
    writeRandomFile(size, () => createArtifactWriteStream(file, { digestCache: writtenCache })),
  );
  console.log(
    `  write: artifact writer (sha256 as written) ${seconds(artifactWrite.ms)}, ` +
      `fs.createWriteStream ${seconds(plainWrite.ms)}`,
  );

  /** One plain PutObject of the file, streamed with its length, read in `highWaterMark` chunks. */
  const putObject = async (highWaterMark?: number) => {
    const key = `plain/${size}.bin`;
    const { ms } = await timed(() =>
      client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: createReadStream(file, { highWaterMark }),
          ContentLength: size,
        }),
      ),
    );
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    return ms;
  };
  /** ArtifactStore.putFile with the store's defaults and the given digest cache. */
  const putFile = async (prefix: string, digestCache: DigestCache) => {
    const store = new S3ModelStore({ client, bucket, prefix });
    const artifacts = new ArtifactStore(store, { digestCache });
    const { value, ms } = await timed(() => artifacts.putFile(file));
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}/${value.key}` }),
    );
    if (head.ContentLength !== size || !value.uploaded)
      throw new Error(`${value.key} has ${head.ContentLength} bytes, uploaded ${value.uploaded}`);
    await store.delete(value.key);
    return ms;
  };
  const runs: Record<Way, () => Promise<number>> = {
    // What a user's own PutObject does (Node's 64 KiB reads): the reference of the goal.
    plain: () => putObject(),
    // The same request reading 256 KiB at a time, as the model store uploads: the server's speed.
    plainStoreReads: () => putObject(STORE_UPLOAD_READ_BYTES),
    // An artifact a component wrote through the artifact writer: its digest is known, so the
    // file is read once, by the upload.
    written: () => putFile('written', writtenCache),
    // A file mesh did not write (an empty cache): sha256 first, then one PutObject.
    putFile: () => putFile('store', new DigestCache()),
  };
  const rounds: Array<Record<Way, number>> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [...WAYS] : [...WAYS].reverse();
    const times = { plain: 0, plainStoreReads: 0, written: 0, putFile: 0 };
    for (const way of order) {
      // The previous upload's writes (s3rver's files, the deletes) are flushed first, so the
      // kernel's write-back throttling does not charge them to this one.
      execFileSync('sync');
      times[way] = await runs[way]();
    }
    rounds.push(times);
    console.log(
      `  round ${round + 1} (load ${loadavg()[0].toFixed(2)}): ` +
        WAYS.map((way) => `${way} ${seconds(times[way])}`).join(', '),
    );
  }
  const time = Object.fromEntries(
    WAYS.map((way) => [way, median(rounds.map((round) => round[way]))]),
  ) as Record<Way, number>;
  console.log(`  PutObject (one streamed request, 64 KiB reads):   ${rate(size, time.plain)}`);
  console.log(
    `  PutObject (one streamed request, 256 KiB reads):  ${rate(size, time.plainStoreReads)}`,
  );
  console.log(`  ArtifactStore.putFile, written artifact:          ${rate(size, time.written)}`);
  console.log(`  ArtifactStore.putFile, other file (sha256 first): ${rate(size, time.putFile)}`);

  // Putting the file again: its digest is known to the process, so it is not read at all.
  const artifacts = new ArtifactStore(new S3ModelStore({ client, bucket, prefix: 'again' }), {
    digestCache: writtenCache,
  });
  const first = await artifacts.putFile(file);
  let sent = 0;
  const again = await timed(() =>
    artifacts.putFile(file, { onProgress: (loaded) => (sent = loaded) }),
  );
  console.log(
    `  re-put: uploaded ${again.value.uploaded}, ${sent} bytes sent, ${seconds(again.ms)} (digest cache + HEAD)`,
  );
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `again/${first.key}` }));

  const ratio = (way: Way) => (time.plain / time[way]).toFixed(2);
  const writeRatio = (plainWrite.ms / artifactWrite.ms).toFixed(2);
  console.log(`  ratio, PutObject time / written putFile time:     ${ratio('written')}x`);
  console.log(`  ratio, PutObject time / other-file putFile time:  ${ratio('putFile')}x`);
  console.log(
    `  ratio, 256 KiB-read PutObject time / written putFile time: ${(time.plainStoreReads / time.written).toFixed(2)}x`,
  );
  console.log(`  ratio, plain write time / artifact writer time:   ${writeRatio}x`);
  await rm(file, { force: true });
  return {
    measure: `${label} upload: putFile of an artifact written through the artifact writer vs one PutObject (putFile of a file mesh did not write, sha256 first; write time, artifact writer vs plain)`,
    value: `${seconds(time.written)} vs ${seconds(time.plain)} (${seconds(time.putFile)}; write ${seconds(artifactWrite.ms)} vs ${seconds(plainWrite.ms)})`,
    ratio: `${ratio('written')}x (${ratio('putFile')}x; write ${writeRatio}x); goal >= 0.9x`,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** 64 MiB of random bytes, cycled: generating every byte afresh would dwarf the write. */
const RANDOM_POOL = Array.from({ length: 64 }, () => randomBytes(MiB));

/** Writes `size` bytes to the stream `open` makes, 1 MiB at a time, and waits for its end. */
async function writeRandomFile(size: number, open: () => Writable): Promise<void> {
  async function* chunks() {
    let index = 0;
    for (let left = size; left > 0; left -= MiB) {
      const chunk = RANDOM_POOL[index++ % RANDOM_POOL.length];
      yield left >= MiB ? chunk : chunk.subarray(0, left);
    }
  }
  await pipeline(Readable.from(chunks()), open());
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
