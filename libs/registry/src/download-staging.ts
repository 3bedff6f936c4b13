import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ownerIsGone, readOwnerLock, removeOwnerLock, writeOwnerLock } from '@mesh/model-store';

/**
 * The hidden folder a download is written to before it is moved into its target, e.g.
 * `.model.partial-Ab12Cd` beside `model/`, with a lock naming the downloading process
 * (`.model.partial-Ab12Cd.lock`), so that the next download to the same target removes what a
 * killed one left, and never a live one's.
 */
export class DownloadStaging {
  private constructor(
    /** The staging folder. */
    readonly path: string,
    private readonly target: string,
  ) {}

  /** Removes the abandoned stagings of `target`, then makes a fresh one beside it. */
  static async create(target: string): Promise<DownloadStaging> {
    await mkdir(dirname(target), { recursive: true });
    await sweepAbandonedStagings(target);
    const path = await mkdtemp(join(dirname(target), `.${basename(target)}.partial-`));
    writeOwnerLock(`${path}.lock`);
    return new DownloadStaging(path, target);
  }

  /**
   * Moves the staged files into the target: in one rename when the target does not exist yet
   * (or is an empty folder), so a kill leaves either no target or a complete one; file by file
   * into an existing, non-empty folder.
   */
  async commit(files: string[]): Promise<void> {
    if (existsSync(this.target) && readdirSync(this.target).length === 0) await rmdir(this.target);
    if (!existsSync(this.target)) {
      await rename(this.path, this.target);
    } else {
      for (const file of files) {
        const to = join(this.target, file);
        await mkdir(dirname(to), { recursive: true });
        await rename(join(this.path, file), to);
      }
    }
    await this.discard();
  }

  /** Removes the staging folder (whatever is left of it) and its lock. */
  async discard(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
    removeOwnerLock(`${this.path}.lock`);
  }
}

/** The stagings of `target` whose downloading process is gone, removed. */
async function sweepAbandonedStagings(target: string): Promise<void> {
  const prefix = `.${basename(target)}.partial-`;
  for (const name of await readdir(dirname(target))) {
    if (!name.startsWith(prefix) || name.endsWith('.lock')) continue;
    const path = join(dirname(target), name);
    const lock = readOwnerLock(`${path}.lock`);
    // No lock: made by a version of mesh before locks, or the process died before writing it.
    // Leave those: their owner cannot be told apart from a live download.
    if (!lock || !ownerIsGone(lock)) continue;
    await rm(path, { recursive: true, force: true });
    removeOwnerLock(`${path}.lock`);
  }
}
