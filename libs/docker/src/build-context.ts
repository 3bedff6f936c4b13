import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import createIgnore from '@balena/dockerignore';

/** What goes into a build context: paths relative to the root, each a file or a folder. */
export interface BuildContextOptions {
  /** The repository root, whose `.dockerignore` applies. */
  root: string;
  /** Files and folders to include, relative to `root`; folders are walked. */
  include: string[];
}

/**
 * The files of a build context, as paths relative to the root: the `include` list walked and
 * filtered by the root's `.dockerignore` with Docker's own matching rules. Narrowing the
 * context to what an image needs keeps builds fast and their cache keys honest.
 */
export function listBuildContext({ root, include }: BuildContextOptions): string[] {
  const dockerignore = join(root, '.dockerignore');
  const ignore = createIgnore().add(
    existsSync(dockerignore) ? readFileSync(dockerignore, 'utf8').split(/\r?\n/) : [],
  );
  const files = new Set<string>();
  const visit = (path: string) => {
    const relativePath = relative(root, path).split(sep).join('/');
    if (relativePath && ignore.ignores(relativePath)) return;
    const stats = statSync(path);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (stats.isFile()) {
      files.add(relativePath);
    }
  };
  for (const path of include) {
    const absolute = join(root, path);
    if (existsSync(absolute)) visit(absolute);
  }
  return [...files].sort();
}
