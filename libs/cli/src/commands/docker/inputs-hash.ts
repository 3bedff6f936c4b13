import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The label holding the hash of everything a component image was built from. */
export const INPUTS_HASH_LABEL = 'dev.mesh.inputs-hash';

/** What goes into a component image besides its build context's files. */
export interface ImageInputs {
  /** The workspace root the files are relative to. */
  root: string;
  /** The build context's files, relative to `root`, sorted. */
  files: string[];
  /** Everything else the build depends on: stage, build arguments, base image id, labels. */
  settings: Record<string, string | undefined>;
}

/**
 * The sha256 of an image's inputs: every file's path and bytes, and the settings. The same hash
 * means a build would make the same image, so it can be skipped; the build time (the `created`
 * label) is left out for that reason.
 */
export function hashImageInputs(inputs: ImageInputs): string {
  const hash = createHash('sha256');
  for (const [name, value] of Object.entries(inputs.settings).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    hash.update(`setting\0${name}\0${value ?? ''}\0`);
  }
  for (const file of inputs.files) {
    const bytes = readFileSync(join(inputs.root, file));
    // Path and length first, so two files can never read as one.
    hash.update(`file\0${file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
