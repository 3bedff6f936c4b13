import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ownerIsGone, readOwnerLock, removeOwnerLock, writeOwnerLock } from '@mesh/registry';

/**
 * A run's output folder, written all-or-nothing: files go to a hidden `.<id>.partial` folder,
 * which {@link RunFolder.commit} renames into place in one step. A run that fails or is killed
 * leaves no folder that looks complete. Beside the staging folder, `.<id>.partial.lock` names
 * the process that owns it, so {@link sweepAbandonedRunFolders} never removes a live run's.
 */
export class RunFolder {
  /** Where files are written while the run is going. */
  readonly path: string;
  /** Where the folder will be once committed. */
  readonly finalPath: string;

  private constructor(
    readonly id: string,
    parent: string,
  ) {
    this.path = join(parent, `.${id}.partial`);
    this.finalPath = join(parent, id);
  }

  /** Creates the staging folder under `<parent>/`, named by the time, e.g. `2026-11-27T08-06-36-123Z`. */
  static create(parent: string, now: Date = new Date()): RunFolder {
    const folder = new RunFolder(now.toISOString().replace(/[:.]/g, '-'), parent);
    mkdirSync(folder.path, { recursive: true });
    writeOwnerLock(folder.lockPath);
    return folder;
  }

  /** The lock naming the process that writes the staging folder. */
  get lockPath(): string {
    return `${this.path}.lock`;
  }

  /** Path of a file inside the staging folder. */
  file(...parts: string[]): string {
    return join(this.path, ...parts);
  }

  /** Moves the complete folder into place and returns its final path. */
  commit(): string {
    renameSync(this.path, this.finalPath);
    removeOwnerLock(this.lockPath);
    return this.finalPath;
  }

  /** Removes the staging folder and everything in it. */
  discard(): void {
    rmSync(this.path, { recursive: true, force: true });
    removeOwnerLock(this.lockPath);
  }
}

/**
 * Removes the staging folders that killed runs left under `runsRoot` (`<MESH_HOME>/runs`):
 * those whose lock names a process that is gone (on this host; a pid reused by a process that
 * started later counts as gone), or that have no lock and are older than `minAgeMs`. A folder locked by a live process is never touched. Returns the
 * removed paths (or those that would be, with `dryRun`).
 */
export function sweepAbandonedRunFolders(
  runsRoot: string,
  options: { minAgeMs: number; now?: Date; dryRun?: boolean },
): string[] {
  if (!existsSync(runsRoot)) return [];
  const now = (options.now ?? new Date()).getTime();
  const removed: string[] = [];
  for (const component of readdirSync(runsRoot, { withFileTypes: true })) {
    if (!component.isDirectory()) continue;
    const parent = join(runsRoot, component.name);
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      if (!entry.isDirectory() || !/^\..+\.partial$/.test(entry.name)) continue;
      const path = join(parent, entry.name);
      const owner = readOwnerLock(`${path}.lock`);
      const abandoned = owner
        ? ownerIsGone(owner)
        : now - statSync(path).mtimeMs >= options.minAgeMs;
      if (!abandoned) continue;
      if (!options.dryRun) {
        rmSync(path, { recursive: true, force: true });
        rmSync(`${path}.lock`, { force: true });
      }
      removed.push(path);
    }
  }
  return removed;
}
