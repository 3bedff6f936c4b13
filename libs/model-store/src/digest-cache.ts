import type { BigIntStats } from 'node:fs';
import { resolve } from 'node:path';

/** Options of {@link DigestCache}. */
export interface DigestCacheOptions {
  /** Files remembered at most; the least recently remembered go first. Default: 10,000. */
  maxEntries?: number;
  /**
   * A digest is remembered only when the file's last change (ctime) is at least this much older
   * than the read that hashed it. File times are kept to the kernel's clock tick, so a write in
   * the same tick as the read could leave the times unchanged. Default: 50 ms.
   */
  settledMs?: number;
}

interface Entry {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  sha256: string;
}

/**
 * The sha256 of files this process hashed, when it read them ({@link DigestCache.remember}) or
 * wrote them ({@link DigestCache.recordWritten}, see `writeArtifactFileSync`), so putting a file
 * that has not changed reads none of its bytes to name its blob. An entry holds only while the
 * file keeps its device, inode, size, modification and change times (nanoseconds): rewriting,
 * truncating, replacing (rename over it) or touching the file invalidates it, and the change
 * time cannot be set back by `utimes`.
 */
export class DigestCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly settledNs: bigint;

  constructor(options: DigestCacheOptions = {}) {
    const settledMs = options.settledMs ?? 50;
    if (!Number.isFinite(settledMs) || settledMs < 0) {
      throw new RangeError(`settledMs ${settledMs} is not a number of milliseconds: use 0 or more`);
    }
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.settledNs = BigInt(Math.round(settledMs * 1e6));
  }

  /** The remembered sha256 of `path` when `stats` (a bigint `stat`) shows it unchanged. */
  get(path: string, stats: BigIntStats): string | undefined {
    const entry = this.entries.get(resolve(path));
    return entry && sameFile(entry, stats) ? entry.sha256 : undefined;
  }

  /**
   * Remembers `sha256` for `path`, read from `readStartedNs` (wall clock, ns) on, when the file
   * looked the same `before` and `after` the read and had settled before it started.
   */
  remember(
    path: string,
    before: BigIntStats,
    after: BigIntStats,
    readStartedNs: bigint,
    sha256: string,
  ): void {
    const key = resolve(path);
    this.entries.delete(key);
    const entry: Entry = {
      dev: before.dev,
      ino: before.ino,
      size: before.size,
      mtimeNs: before.mtimeNs,
      ctimeNs: before.ctimeNs,
      sha256,
    };
    if (!sameFile(entry, after) || before.ctimeNs > readStartedNs - this.settledNs) return;
    this.keep(key, entry);
  }

  /**
   * Remembers `sha256` for `path`, computed from the very bytes this process has just written
   * to it and closed; `after` is the file's bigint `stat` taken after the close (and after any
   * rename into place). No settling applies: the digest is of what was written, not of a read
   * that a concurrent write could tear. A later write in the same clock tick that keeps the size
   * would go unseen; Amazon S3 and most S3-compatible servers refuse such a put (the digest goes
   * with it as the checksum they check), and {@link ArtifactStore.putFile} then hashes the file.
   */
  recordWritten(path: string, after: BigIntStats, sha256: string): void {
    const key = resolve(path);
    this.entries.delete(key);
    this.keep(key, {
      dev: after.dev,
      ino: after.ino,
      size: after.size,
      mtimeNs: after.mtimeNs,
      ctimeNs: after.ctimeNs,
      sha256,
    });
  }

  /** Drops what is remembered of `path`, e.g. after a store refused its digest. */
  forget(path: string): void {
    this.entries.delete(resolve(path));
  }

  /** Adds an entry as the most recent, dropping the least recent one past `maxEntries`. */
  private keep(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}

function sameFile(entry: Entry, stats: BigIntStats): boolean {
  return (
    entry.dev === stats.dev &&
    entry.ino === stats.ino &&
    entry.size === stats.size &&
    entry.mtimeNs === stats.mtimeNs &&
    entry.ctimeNs === stats.ctimeNs
  );
}

/** The cache every {@link ArtifactStore} of this process shares unless given its own. */
export const processDigestCache = new DigestCache();
