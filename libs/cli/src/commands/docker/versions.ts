import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { MeshError } from '../../errors';

/** The pinned versions of `versions.env` at the workspace root. */
export interface ImageVersions {
  DEBIAN_RELEASE: string;
  NODE_VERSION: string;
  NPM_VERSION: string;
  S3RVER_VERSION: string;
}

/** Reads `versions.env`, the one place image versions are pinned. */
export function readVersions(root: string): ImageVersions {
  const file = join(root, 'versions.env');
  const values = parse(readFileSync(file, 'utf8'));
  const missing = ['DEBIAN_RELEASE', 'NODE_VERSION', 'NPM_VERSION', 'S3RVER_VERSION'].filter(
    (name) => !values[name],
  );
  if (missing.length > 0)
    throw new MeshError(
      `versions.env lacks ${missing.join(', ')}: add them (see the file's comment).`,
    );
  return values as unknown as ImageVersions;
}
