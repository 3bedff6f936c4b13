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
 * A file uploaded under a temporary key of the store while its sha256 was computed from the
 * same read (see {@link ModelStore.stage}). Either {@link commit} or {@link discard} it.
 */
export interface StagedUpload {
  /** Hex sha256 of the bytes sent. */
  readonly sha256: string;
  /** Bytes sent. */
  readonly size: number;
  /**
   * Makes the staged bytes the object `key` (a server-side copy; nothing is sent again),
   * recording {@link sha256} with it, then removes the staged object.
   */
  commit(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** Removes the staged object, if still there; never throws (a failure is warned about). */
  discard(): Promise<void>;
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
  /**
   * Uploads a file under a temporary key, hashing it as it is read, where the backend can then
   * copy it into place on the server (S3). Returns undefined for a file it cannot stage (above
   * 5 GiB, the most one S3 CopyObject copies). A failed or cancelled stage leaves nothing.
   */
  stage?(filePath: string, options?: Omit<PutOptions, 'sha256'>): Promise<StagedUpload | undefined>;
  /** The full URI of a key, e.g. `s3://bucket/prefix/blobs/sha256/ab/ab12...`. */
  uriOf(key: string): string;
  /**
   * Removes the temporary files that killed writers left, where the backend has any (a local
   * directory's partial files; S3's staged uploads, see {@link ModelStore.stage}), and returns
   * their locations.
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
