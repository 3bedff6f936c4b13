import type { SweepOptions } from './sweep-temporaries';
import type { Readable } from 'node:stream';

/** An object in a model store. */
export interface StoredObject {
  /** Key relative to the store's root (its prefix is not part of it). */
  key: string;
  size: number;
  lastModified?: Date;
  /**
   * The hex sha256 recorded with the object when it was stored (S3 user metadata `sha256`),
   * when the backend keeps one; a local directory keeps none (its files are re-hashed instead).
   */
  sha256?: string;
}

/** Options of {@link ModelStore.put}. */
export interface PutOptions {
  /** Called as bytes are sent, with the bytes sent so far and the total. */
  onProgress?: (loaded: number, total: number) => void;
  /** Cancels the upload; a cancelled or failed upload leaves no object and no open multipart upload. */
  signal?: AbortSignal;
  /**
   * The hex sha256 of the file, recorded with the object where the backend can (S3 user
   * metadata), so that {@link ModelStore.head} can confirm it later. Default: none recorded.
   */
  sha256?: string;
}

/**
 * Where artifacts live: an S3 bucket (with an optional prefix) or a local directory with the
 * same layout. Keys are `/`-separated paths relative to the store's root.
 */
export interface ModelStore {
  /** The store's location, e.g. `s3://bucket/prefix` or `file:///var/mesh/store`. */
  readonly uri: string;
  /** Uploads a file under `key`, replacing what was there; visible only once complete. */
  put(key: string, filePath: string, options?: PutOptions): Promise<void>;
  /** Streams the object's bytes; throws {@link ObjectNotFoundError} when absent. */
  get(key: string): Promise<Readable>;
  /** The object's size and date, or undefined when absent. */
  head(key: string): Promise<StoredObject | undefined>;
  /** Every object whose key starts with `prefix`. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** Removes the object; absent objects are not an error. */
  delete(key: string): Promise<void>;
  /** A time-limited URL to read the object, where the backend supports it (S3); else undefined. */
  presign(key: string, expiresInSeconds: number): Promise<string | undefined>;
  /** The full URI of a key, e.g. `s3://bucket/prefix/blobs/sha256/ab/ab12...`. */
  uriOf(key: string): string;
  /**
   * Removes the temporary files that killed writers left, where the backend has any (a local
   * directory; S3 aborts a failed multipart upload itself), and returns their locations.
   */
  sweepTemporaries?(options: SweepOptions): Promise<string[]>;
}

/** The object asked for does not exist. */
export class ObjectNotFoundError extends Error {
  constructor(readonly uri: string) {
    super(`${uri} does not exist`);
    this.name = this.constructor.name;
  }
}
