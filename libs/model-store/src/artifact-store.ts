import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BLOB_PREFIX, blobKey, normalizeSha256, parseBlobKey } from './blob-key';
import { ChecksumMismatchError } from './checksum-mismatch-error';
import { tempLockPath, tempPathBeside } from './internal/temp-path';
import { removeOwnerLock, writeOwnerLock } from './owner-lock';
import type { SweepOptions } from './sweep-temporaries';
import { ObjectNotFoundError, type ModelStore, type PutOptions } from './model-store';

/** An artifact stored under its content's digest. */
export interface StoredArtifact {
  /** Hex sha256 of the content, without prefix. */
  sha256: string;
  /** Size in bytes. */
  size: number;
  /** `blobs/sha256/<first two hex>/<hex>`. */
  key: string;
  /** The blob's full URI, e.g. `s3://bucket/prefix/blobs/sha256/ab/ab12...`. */
  uri: string;
  /** False when the blob was already stored: it was reused and no bytes were sent. */
  uploaded: boolean;
}

/** A blob found by {@link ArtifactStore.listBlobs}. */
export interface StoredBlob {
  /** Hex sha256, without prefix. */
  sha256: string;
  size: number;
  lastModified?: Date;
}

/** What {@link ArtifactStore.verifyBlob} found for one blob. */
export type BlobCheck =
  | { status: 'ok'; size: number }
  | { status: 'missing' }
  | { status: 'damaged'; size: number; actualSha256: string };

/** Options of {@link ArtifactStore.download}. */
export interface DownloadOptions {
  /** The blob's size, when known: checked, and used as the progress total. Default: unchecked. */
  expectedSize?: number;
  /** Called as bytes arrive, with the bytes received and `expectedSize`. */
  onProgress?: (loaded: number, total: number | undefined) => void;
  /** Cancels the download; nothing is left at the destination. */
  signal?: AbortSignal;
}

/**
 * Content-addressed artifacts on top of a {@link ModelStore}: a file is stored under the sha256
 * of its bytes (`blobs/sha256/<ab>/<abcdef...>`), so the same content is uploaded once, and
 * every download is checked against the digest it was asked for.
 */
export class ArtifactStore {
  constructor(readonly store: ModelStore) {}

  /**
   * Stores a file under its digest, unless a blob of that digest is already there and confirmed
   * intact: by the digest recorded with it (S3 metadata) or else by re-hashing its bytes. A blob
   * that is damaged (or of another size) is replaced. The sha256 is computed once, by the read
   * that names the blob (the reuse check needs it before anything is sent); the upload then
   * streams the file and hashes nothing itself, handing the digest to the store (on S3, as the
   * checksum the server verifies). The file must not change meanwhile.
   */
  async putFile(path: string, options: PutOptions = {}): Promise<StoredArtifact> {
    const { sha256, size } = await digestFile(path, options.signal);
    const key = blobKey(sha256);
    const artifact = { sha256, size, key, uri: this.store.uriOf(key) };
    if (await this.holdsIntact(sha256, size, options.signal))
      return { ...artifact, uploaded: false };
    await this.store.put(key, path, { ...options, sha256 });
    return { ...artifact, uploaded: true };
  }

  /** Whether the blob `sha256` is stored with `size` bytes that really have that digest. */
  private async holdsIntact(sha256: string, size: number, signal?: AbortSignal): Promise<boolean> {
    const existing = await this.store.head(blobKey(sha256));
    if (existing?.size !== size) return false;
    if (existing.sha256 !== undefined) return existing.sha256 === sha256;
    return (await this.verifyBlob(sha256, signal)).status === 'ok';
  }

  /**
   * Re-hashes the stored bytes of blob `sha256` (hex, or `sha256:<hex>`): `ok` when they have
   * that digest, `damaged` (with the digest they have) when not, `missing` when absent.
   */
  async verifyBlob(sha256: string, signal?: AbortSignal): Promise<BlobCheck> {
    const expected = normalizeSha256(sha256);
    const key = blobKey(expected);
    if (!(await this.store.head(key))) return { status: 'missing' };
    const hash = createHash('sha256');
    let size = 0;
    let body: Readable;
    try {
      body = await this.store.get(key);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return { status: 'missing' };
      throw error;
    }
    try {
      for await (const chunk of body) {
        signal?.throwIfAborted();
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
    } finally {
      body.destroy();
    }
    const actualSha256 = hash.digest('hex');
    return actualSha256 === expected
      ? { status: 'ok', size }
      : { status: 'damaged', size, actualSha256 };
  }

  /** Uploads `path` as blob `sha256`, replacing what is stored, after checking its digest. */
  async replaceBlob(sha256: string, path: string, options: PutOptions = {}): Promise<void> {
    const expected = normalizeSha256(sha256);
    const actual = await digestFile(path, options.signal);
    if (actual.sha256 !== expected) {
      throw new Error(`${path} has sha256 ${actual.sha256}, not ${expected}: not uploaded`);
    }
    await this.store.put(blobKey(expected), path, { ...options, sha256: expected });
  }

  /**
   * Writes the blob `sha256` (hex, or `sha256:<hex>`) to `destination`. The bytes go to a hidden
   * file beside it while they are hashed; only when the digest matches is that file renamed into
   * place. A mismatch throws {@link ChecksumMismatchError}; a missing blob, ObjectNotFoundError.
   */
  async download(
    sha256: string,
    destination: string,
    options: DownloadOptions = {},
  ): Promise<void> {
    const expected = normalizeSha256(sha256);
    const { expectedSize, onProgress, signal } = options;
    const key = blobKey(expected);
    const target = resolve(destination);
    signal?.throwIfAborted();
    const body = await this.store.get(key);
    const temp = tempPathBeside(target);
    const hash = createHash('sha256');
    let size = 0;
    const check = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        onProgress?.(size, expectedSize);
        callback(null, chunk);
      },
    });
    try {
      await mkdir(dirname(target), { recursive: true });
      writeOwnerLock(tempLockPath(temp));
      await pipeline(body, check, createWriteStream(temp, { flush: true }), { signal });
      const actual = hash.digest('hex');
      if (actual !== expected || (expectedSize !== undefined && size !== expectedSize)) {
        throw new ChecksumMismatchError({
          uri: this.store.uriOf(key),
          expected,
          actual,
          destination: target,
          actualSize: size,
          expectedSize,
        });
      }
      await rename(temp, target);
    } catch (error) {
      body.destroy();
      await rm(temp, { force: true });
      if (signal?.aborted) throw signal.reason;
      throw error;
    } finally {
      removeOwnerLock(tempLockPath(temp));
    }
  }

  /**
   * Proves the store can be written, before a long run depends on it: writes a tiny object
   * under `preflight/` and removes it. Throws the store's own error (an unreachable endpoint, a
   * missing bucket, a read-only folder), which names what to fix.
   */
  async checkWritable(): Promise<void> {
    const folder = await mkdtemp(join(tmpdir(), 'mesh-preflight-'));
    const key = `preflight/${randomUUID()}`;
    try {
      const file = join(folder, 'probe');
      await writeFile(file, 'mesh preflight\n');
      await this.store.put(key, file);
      await this.store.delete(key);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** Every blob in the store, with its digest parsed back from its key. */
  async *listBlobs(): AsyncIterable<StoredBlob> {
    for await (const object of this.store.list(BLOB_PREFIX)) {
      const sha256 = parseBlobKey(object.key);
      if (sha256) yield { sha256, size: object.size, lastModified: object.lastModified };
    }
  }

  /**
   * Removes the temporary files of uploads and downloads whose process was killed (see
   * `sweepAbandonedTemporaries`); a store without any (S3) returns an empty list.
   */
  async sweepTemporaries(options: SweepOptions = {}): Promise<string[]> {
    return (await this.store.sweepTemporaries?.(options)) ?? [];
  }

  /** Removes the blob `sha256` (hex, or `sha256:<hex>`); an absent blob is not an error. */
  async deleteBlob(sha256: string): Promise<void> {
    await this.store.delete(blobKey(sha256));
  }
}

/** The hex sha256 and size of a file, streamed. */
async function digestFile(
  path: string,
  signal: AbortSignal | undefined,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path, { signal })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
  return { sha256: hash.digest('hex'), size };
}
