import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { hasErrorCode } from './internal/errno';
import { checkKey, checkPrefix } from './internal/keys';
import { isTempName, tempLockPath, tempPathBeside } from './internal/temp-path';
import { removeOwnerLock, writeOwnerLock } from './owner-lock';
import { sweepAbandonedTemporaries, type SweepOptions } from './sweep-temporaries';
import {
  ObjectNotFoundError,
  type ModelStore,
  type PutOptions,
  type StoredObject,
} from './model-store';

/** Options of {@link LocalModelStore}. */
export interface LocalModelStoreOptions {
  /** The store's directory (made on the first put); relative paths resolve from the cwd. */
  root: string;
}

/**
 * A {@link ModelStore} in a local directory, with the same key layout as a bucket: key `a/b/c`
 * is the file `<root>/a/b/c`. A put writes a hidden temporary file beside its target and
 * renames it into place, so an object is never seen half-written, and a failed or cancelled put
 * leaves nothing. A lock beside the temporary file names the process writing it, so
 * {@link LocalModelStore.sweepTemporaries} removes what a killed process left, and only that.
 */
export class LocalModelStore implements ModelStore {
  /** Absolute path of the store's directory. */
  readonly root: string;
  readonly uri: string;

  constructor(options: LocalModelStoreOptions) {
    this.root = resolve(options.root);
    this.uri = pathToFileURL(this.root).href;
  }

  uriOf(key: string): string {
    return pathToFileURL(this.pathOf(key)).href;
  }

  /** The file holding the object `key`. */
  pathOf(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, filePath: string, options: PutOptions = {}): Promise<void> {
    const target = this.pathOf(key);
    const { signal, onProgress } = options;
    signal?.throwIfAborted();
    const { size } = await stat(filePath);
    await mkdir(dirname(target), { recursive: true });
    const temp = tempPathBeside(target);
    // Written before the temporary file, removed after it: while the lock names a live process,
    // gc leaves the file alone; once that process is killed, gc removes both at once.
    writeOwnerLock(tempLockPath(temp));
    let loaded = 0;
    const progress = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        loaded += chunk.length;
        onProgress?.(loaded, size);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(
        createReadStream(filePath),
        progress,
        createWriteStream(temp, { flush: true }),
        { signal },
      );
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      if (signal?.aborted) throw signal.reason;
      throw error;
    } finally {
      removeOwnerLock(tempLockPath(temp));
    }
    if (size === 0) onProgress?.(0, 0);
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      const handle = await open(path, 'r');
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new ObjectNotFoundError(this.uriOf(key));
      }
      return handle.createReadStream();
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT', 'ENOTDIR')) throw new ObjectNotFoundError(this.uriOf(key));
      throw error;
    }
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const stats = await stat(this.pathOf(key));
      return stats.isFile()
        ? { key, size: stats.size, lastModified: new Date(stats.mtimeMs) }
        : undefined;
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT', 'ENOTDIR')) return undefined;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    checkPrefix(prefix);
    // Start at the deepest folder the prefix names: "blobs/sha256/a" walks blobs/sha256/.
    const start = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    yield* this.walk(start, prefix);
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT', 'ENOTDIR')) return;
      throw error;
    }
  }

  /**
   * Removes the temporary files that killed puts left in the store (see
   * {@link sweepAbandonedTemporaries}) and returns their paths.
   */
  async sweepTemporaries(options: SweepOptions): Promise<string[]> {
    return sweepAbandonedTemporaries(this.root, options);
  }

  /** Always undefined: a local directory has no URLs to hand out. */
  async presign(_key: string, _expiresInSeconds: number): Promise<string | undefined> {
    return undefined;
  }

  private async *walk(folderKey: string, prefix: string): AsyncGenerator<StoredObject> {
    const folder = folderKey ? join(this.root, ...folderKey.split('/')) : this.root;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT', 'ENOTDIR')) return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const key = folderKey ? `${folderKey}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) yield* this.walk(key, prefix);
      } else if (entry.isFile() && !isTempName(entry.name) && key.startsWith(prefix)) {
        const object = await this.head(key); // undefined when deleted meanwhile
        if (object) yield object;
      }
    }
  }
}
