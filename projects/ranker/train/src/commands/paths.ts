import { existsSync, statSync } from 'node:fs';
import { UsageError } from './args';

/** An output path must not be a directory (the original's check). */
export function outputFile(path: string | undefined, flag: string): string | undefined {
  if (path === undefined) return undefined;
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`--${flag} ${path} is a directory: give a file path`);
  return path;
}

/** An input file must exist. */
export function inputFile(path: string, flag: string): string {
  if (!existsSync(path)) throw new UsageError(`--${flag} ${path}: no such file`);
  if (statSync(path).isDirectory())
    throw new UsageError(`--${flag} ${path} is a directory: give a file`);
  return path;
}
