import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { type DigestCache, processDigestCache } from './digest-cache';

/** Options of {@link writeArtifactFileSync} and {@link ArtifactWriteStream}. */
export interface ArtifactWriteOptions {
  /**
   * Where the digest of what was written is recorded. Default: {@link processDigestCache}, the
   * cache every ArtifactStore of the process reads, so registering the file in this process
   * sends it without reading it first to hash it.
   */
  digestCache?: DigestCache;
}

/** Options of {@link writeArtifactFileSync}. */
export interface ArtifactFileWriteOptions extends ArtifactWriteOptions {
  /**
   * Write a temporary file beside `path` and rename it into place, so no reader ever sees half
   * of it. Default: false (the file is written in place).
   */
  atomic?: boolean;
}

/**
 * Writes `data` to `path`, like `writeFileSync`, and records its sha256, hashed from the bytes
 * in memory, against the file as written (see {@link DigestCache.recordWritten}). Returns the
 * hex sha256. Use it for the artifacts a component writes into its run folder: the digest the
 * store needs to name the blob then costs no read of the file.
 */
export function writeArtifactFileSync(
  path: string,
  data: string | NodeJS.ArrayBufferView,
  options: ArtifactFileWriteOptions = {},
): string {
  const bytes =
    typeof data === 'string'
      ? Buffer.from(data)
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const cache = options.digestCache ?? processDigestCache;
  // A failed write must not leave an entry for what the file held before.
  cache.forget(path);
  if (options.atomic) {
    const temporary = `${path}.tmp-${process.pid}`;
    try {
      writeFileSync(temporary, bytes);
      renameSync(temporary, path);
    } catch (error) {
      // Best effort: the write's own error is the one the caller needs to see.
      try {
        rmSync(temporary, { force: true });
      } catch {
        // A directory in the way, say: left for the caller to look at.
      }
      throw error;
    }
  } else {
    writeFileSync(path, bytes);
  }
  cache.recordWritten(path, statSync(path, { bigint: true }), sha256);
  return sha256;
}

/**
 * A file written as a stream, hashed as its bytes go by: `finish` comes once the file is
 * closed and its sha256 ({@link ArtifactWriteStream.sha256}) is recorded in the digest cache.
 * For artifacts too large to build in memory; small writes are batched into one system call.
 */
export class ArtifactWriteStream extends Writable {
  /** Hex sha256 of everything written, set once the stream has finished. */
  sha256: string | undefined;
  private readonly hash = createHash('sha256');
  private readonly file: ReturnType<typeof createWriteStream>;
  private readonly cache: DigestCache;

  constructor(
    /** The file written; replaced if it exists. */
    readonly path: string,
    options: ArtifactWriteOptions = {},
  ) {
    super({ highWaterMark: 1024 * 1024 });
    this.cache = options.digestCache ?? processDigestCache;
    this.cache.forget(path);
    this.file = createWriteStream(path);
    this.file.once('error', (error) => this.destroy(error));
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.hash.update(chunk);
    this.file.write(chunk, callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer }>,
    callback: (error?: Error | null) => void,
  ): void {
    for (const { chunk } of chunks) this.hash.update(chunk);
    this.file.write(Buffer.concat(chunks.map(({ chunk }) => chunk)), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    // The digest is recorded against the file once closed: its times are final then. A write
    // that fails destroys this stream (see the constructor), so `callback` is not called.
    this.file.once('close', () => {
      if (this.file.errored) return;
      const sha256 = this.hash.digest('hex');
      stat(this.path, { bigint: true }).then(
        (after) => {
          this.cache.recordWritten(this.path, after, sha256);
          this.sha256 = sha256;
          callback();
        },
        (error: Error) => callback(error),
      );
    });
    this.file.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.file.destroyed) this.file.destroy();
    if (error) this.cache.forget(this.path);
    callback(error);
  }
}

/** An {@link ArtifactWriteStream} to `path`: `fs.createWriteStream` that records the digest. */
export function createArtifactWriteStream(
  path: string,
  options: ArtifactWriteOptions = {},
): ArtifactWriteStream {
  return new ArtifactWriteStream(path, options);
}
