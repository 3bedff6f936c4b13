import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode } from './internal/errno';
import { isTempFileName, isTempLockName, tempLockPath } from './internal/temp-path';
import { ownerIsGone, readOwnerLock } from './owner-lock';

/** Options of {@link sweepAbandonedTemporaries}. */
export interface SweepOptions {
  /**
   * A temporary file without a lock (written before locks existed, or whose lock was lost) is
   * removed only when it is older than this. Locked files ignore it. Default: 1 hour.
   */
  minAgeMs?: number;
  /** Default: the current time. */
  now?: Date;
  /** Report what would be removed without removing it. Default: false. */
  dryRun?: boolean;
}

/**
 * Removes, under `root`, the hidden temporary files (`.<name>.<hex>.partial`) of puts and
 * downloads whose process was killed: those whose lock names a process of this host that is gone
 * (whatever their age), and unlocked ones older than `minAgeMs`; also locks left without their
 * file. A file whose owner is alive (or runs on another host) is never touched. Returns the
 * removed temporary files' paths (or those that would be, with `dryRun`).
 */
export async function sweepAbandonedTemporaries(
  root: string,
  options: SweepOptions = {},
): Promise<string[]> {
  const minAgeMs = options.minAgeMs ?? 60 * 60 * 1000;
  const now = (options.now ?? new Date()).getTime();
  const removed: string[] = [];
  const remove = async (path: string) => {
    if (!options.dryRun) await rm(path, { force: true });
  };
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT', 'ENOTDIR')) return;
      throw error;
    }
    const names = new Set(entries.map((entry) => entry.name));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile() && isTempFileName(entry.name)) {
        const lock = readOwnerLock(tempLockPath(path));
        const abandoned = lock ? ownerIsGone(lock) : await olderThan(path, now - minAgeMs);
        if (!abandoned) continue;
        await remove(path);
        await remove(tempLockPath(path));
        removed.push(path);
      } else if (entry.isFile() && isTempLockName(entry.name)) {
        // A lock whose file is gone: the process died between its two removals, or before it
        // created the file.
        if (names.has(entry.name.slice(0, -'.lock'.length))) continue;
        const lock = readOwnerLock(path);
        if (lock ? ownerIsGone(lock) : await olderThan(path, now - minAgeMs)) await remove(path);
      }
    }
  };
  await walk(root);
  return removed;
}

async function olderThan(path: string, cutoffMs: number): Promise<boolean> {
  try {
    return (await lstat(path)).mtimeMs <= cutoffMs;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return false;
    throw error;
  }
}
