import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file tree: relative path to file content (strings are written as UTF-8). */
export type FileTree = Record<string, string | Buffer>;

const created: string[] = [];

/**
 * Writes `files` into a new temporary folder and returns its path. Every folder made this way
 * is removed by {@link removeTempTrees}, which the suites call in `afterAll`.
 */
export function tempTree(files: FileTree = {}, prefix = 'mesh-test-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  created.push(root);
  writeTree(root, files);
  return root;
}

/** Writes `files` under `root`, creating folders as needed. */
export function writeTree(root: string, files: FileTree): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** Removes every folder made by {@link tempTree}. */
export function removeTempTrees(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}
