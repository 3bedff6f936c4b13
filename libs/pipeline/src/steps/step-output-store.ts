import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where step outputs are kept as they are made, so a later run can resume from them. */
export interface StepOutputStore {
  /** Stores the file at `absolute` as `path` (relative to the run folder). */
  save(path: string, absolute: string): Promise<void>;
  /** Copies stored `path` to `absolute`; false when it was never stored. */
  restore(path: string, absolute: string): Promise<boolean>;
  /** Where it is, for messages. */
  readonly location: string;
}

/** A {@link StepOutputStore} in a local folder, e.g. `<mesh home>/steps/<target>/<instance>`. */
export class DirectoryStepOutputStore implements StepOutputStore {
  constructor(readonly location: string) {}

  async save(path: string, absolute: string): Promise<void> {
    const target = join(this.location, path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(absolute, target);
  }

  async restore(path: string, absolute: string): Promise<boolean> {
    const source = join(this.location, path);
    if (!existsSync(source)) return false;
    mkdirSync(dirname(absolute), { recursive: true });
    copyFileSync(source, absolute);
    return true;
  }
}
