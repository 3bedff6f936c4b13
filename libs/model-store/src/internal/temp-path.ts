import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.partial$/;
const TEMP_LOCK_NAME = /^\..+\.[0-9a-f]{12}\.partial\.lock$/;

/**
 * A fresh hidden name beside `path` (same directory, so a `rename` onto `path` is atomic), e.g.
 * `.model.bin.3f9a0c1d2e4b.partial`.
 */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
}

/** The owner lock beside a temporary file, e.g. `.model.bin.3f9a0c1d2e4b.partial.lock`. */
export function tempLockPath(temp: string): string {
  return `${temp}.lock`;
}

/** Whether a file name is one made by {@link tempPathBeside}, or the lock beside one. */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name) || TEMP_LOCK_NAME.test(name);
}

/** Whether a file name is a temporary file's own (not its lock's). */
export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** Whether a file name is the lock of a temporary file. */
export function isTempLockName(name: string): boolean {
  return TEMP_LOCK_NAME.test(name);
}
