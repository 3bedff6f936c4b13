import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BLOB_PREFIX, blobKey, normalizeSha256, parseBlobKey } from './blob-key';
import { ChecksumMismatchError } from './checksum-mismatch-error';
import { DigestCache, processDigestCache } from './digest-cache';
import { DigestRejectedError } from './digest-rejected-error';
import { digestFile } from './internal/digest-file';
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
  /**
   * False when the blob was already stored and was reused: no bytes were sent, except for a
   * staged file (see {@link ArtifactStore.putFile}), whose bytes were sent and dropped.
   */
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

/** Options of {@link ArtifactStore}. */
export interface ArtifactStoreOptions {
  /**
   * Digests of files already hashed, so an unchanged file is not read again. Default: the
   * cache shared by every ArtifactStore of the process ({@link processDigestCache}).
   */
  digestCache?: DigestCache;
  /**
   * Files of at least this many bytes whose digest is not known yet are staged, where the store
   * can (S3, see {@link ModelStore.stage}): uploaded to a temporary key while they are hashed,
   * then copied into place on the server, so the client reads them once. The price is the
   * server's copy of every byte, two more requests, and sending again the bytes of a new file
   * whose content is already stored. On s3rver the copy costs about as much as the upload and
   * more than hashing first (bench/model-store-upload); it pays off only where hashing is the
   * client's bottleneck (a slow CPU on a fast link to S3). Default: Infinity, never staged: a
   * new file is hashed first, in 1 MiB reads, and uploaded only when its blob is missing.
   */
  stageMinBytes?: number;
}

/**
 * Content-addressed artifacts on top of a {@link ModelStore}: a file is stored under the sha256
 * of its bytes (`blobs/sha256/<ab>/<abcdef...>`), so the same content is stored once, and
 * every download is checked against the digest it was asked for.
 */
export class ArtifactStore {
  private readonly digestCache: DigestCache;
  private readonly stageMinBytes: number;

  constructor(
    readonly store: ModelStore,
    options: ArtifactStoreOptions = {},
  ) {
    this.digestCache = options.digestCache ?? processDigestCache;
    const stageMinBytes = options.stageMinBytes ?? Infinity;
    if (!(stageMinBytes >= 0)) {
      throw new RangeError(
        `stageMinBytes ${stageMinBytes} is not a number of bytes: use 0 or more, or Infinity to never stage`,
      );
    }
    this.stageMinBytes = stageMinBytes;
  }

  /**
   * Stores a file under its digest, unless a blob of that digest is already there and confirmed
   * intact: by the digest recorded with it (S3 metadata) or else by re-hashing its bytes. A blob
   * that is damaged (or of another size) is replaced.
   *
   * - A file this process hashed before, or wrote through `writeArtifactFileSync` or an
   *   {@link ArtifactWriteStream}, and that has not changed since (see {@link DigestCache}) is
   *   not read to name its blob; it is read only if it is uploaded, once, with its digest handed
   *   to the store (on S3, the checksum the server verifies). If the store refuses that digest
   *   ({@link DigestRejectedError}: the file changed unseen), the file is hashed and put again.
   * - A new file is hashed first (the reuse check needs the digest before anything is sent),
   *   then uploaded only when its blob is missing: a second read, from the page cache.
   * - With `stageMinBytes`, a new file that large is instead staged: read once, uploaded while
   *   hashed, copied into place by the server, or dropped when its blob turns out to be stored
   *   already (`uploaded: false`, though its bytes were sent).
   *
   * The file must not change meanwhile. A failed or cancelled put leaves no blob and no staged
   * upload.
   */
  async putFile(path: string, options: PutOptions = {}): Promise<StoredArtifact> {
    const { signal, onProgress } = options;
    signal?.throwIfAborted();
    const before = await stat(path, { bigint: true });
    const known = this.digestCache.get(path, before);
    const upload = (key: string, sha256: string) =>
      this.store.put(key, path, { ...options, sha256 });
    if (known !== undefined) {
      try {
        return await this.storeUnlessIntact(known, Number(before.size), signal, upload);
      } catch (error) {
        if (!(error instanceof DigestRejectedError)) throw error;
        // The file changed after its digest was recorded, in a way its times did not show.
        this.digestCache.forget(path);
        return this.putFile(path, options);
      }
    }
    const readStartedNs = BigInt(Date.now()) * 1_000_000n;
    /** Remembers the digest the read just computed, if the file did not change meanwhile. */
    const remember = async (sha256: string) =>
      this.digestCache.remember(
        path,
        before,
        await stat(path, { bigint: true }),
        readStartedNs,
        sha256,
      );
    if (this.store.stage && Number(before.size) >= this.stageMinBytes) {
      const staged = await this.store.stage(path, { signal, onProgress });
      if (staged) {
        try {
          await remember(staged.sha256);
          return await this.storeUnlessIntact(staged.sha256, staged.size, signal, (key) =>
            staged.commit(key, { signal }),
          );
        } finally {
          await staged.discard();
        }
      }
    }
    const { sha256, size } = await digestFile(path, signal);
    await remember(sha256);
    return this.storeUnlessIntact(sha256, size, signal, upload);
  }

  /**
   * The blob `sha256`: reused when it is already stored intact, else sent with `send` (an
   * upload of the file, or the commit of a staged upload).
   */
  private async storeUnlessIntact(
    sha256: string,
    size: number,
    signal: AbortSignal | undefined,
    send: (key: string, sha256: string) => Promise<void>,
  ): Promise<StoredArtifact> {
    const key = blobKey(sha256);
    const artifact = { sha256, size, key, uri: this.store.uriOf(key) };
    if (await this.holdsIntact(sha256, size, signal)) return { ...artifact, uploaded: false };
    await send(key, sha256);
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
