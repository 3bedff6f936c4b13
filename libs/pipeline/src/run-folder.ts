import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A run's output folder, written all-or-nothing: files go to a hidden `.<id>.partial` folder,
 * which {@link RunFolder.commit} renames into place in one step. A run that fails or is killed
 * leaves no folder that looks complete.
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
    return folder;
  }

  /** Path of a file inside the staging folder. */
  file(...parts: string[]): string {
    return join(this.path, ...parts);
  }

  /** Moves the complete folder into place and returns its final path. */
  commit(): string {
    renameSync(this.path, this.finalPath);
    return this.finalPath;
  }

  /** Removes the staging folder and everything in it. */
  discard(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
