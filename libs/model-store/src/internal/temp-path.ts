import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.partial$/;

/**
 * A fresh hidden name beside `path` (same directory, so a `rename` onto `path` is atomic), e.g.
 * `.model.bin.3f9a0c1d2e4b.partial`.
 */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
}

/** Whether a file name is one made by {@link tempPathBeside}. */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}
