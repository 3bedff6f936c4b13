import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BLOB_PREFIX, blobKey, normalizeSha256, parseBlobKey } from './blob-key';
import { ChecksumMismatchError } from './checksum-mismatch-error';
import { tempPathBeside } from './internal/temp-path';
import type { ModelStore, PutOptions } from './model-store';

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
   * Stores a file under its digest, unless a blob of that digest and size is already there.
   * The file is read twice (digest, then upload) and must not change meanwhile.
   */
  async putFile(path: string, options: PutOptions = {}): Promise<StoredArtifact> {
    const { sha256, size } = await digestFile(path, options.signal);
    const key = blobKey(sha256);
    const artifact = { sha256, size, key, uri: this.store.uriOf(key) };
    const existing = await this.store.head(key);
    if (existing?.size === size) return { ...artifact, uploaded: false };
    await this.store.put(key, path, options);
    return { ...artifact, uploaded: true };
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
    }
  }

  /** Every blob in the store, with its digest parsed back from its key. */
  async *listBlobs(): AsyncIterable<StoredBlob> {
    for await (const object of this.store.list(BLOB_PREFIX)) {
      const sha256 = parseBlobKey(object.key);
      if (sha256) yield { sha256, size: object.size, lastModified: object.lastModified };
    }
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
