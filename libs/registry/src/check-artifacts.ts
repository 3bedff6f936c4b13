import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactStore } from '@mesh/model-store';
import type { RegistryConnection } from './database/connect';

/** Options of {@link Registry.fsck}. */
export interface FsckOptions {
  /**
   * Re-upload each damaged or missing blob from a local copy with the same digest, found in
   * `sources`. Default: false (only report).
   */
  repair?: boolean;
  /**
   * Folders searched (recursively) for intact copies of damaged blobs, typically the run
   * folders `<MESH_HOME>/runs`. Default: none.
   */
  sources?: string[];
  /** Called before each blob is checked, with its position and the total. */
  onBlob?: (index: number, total: number) => void;
}

/** One blob that a ready version needs and the store does not hold intact. */
export interface BlobProblem {
  sha256: string;
  size: number;
  status: 'missing' | 'damaged';
  /** The versions that need it, with the artifact path in each. */
  versions: Array<{ id: string; path: string }>;
  /** With `repair`: whether an intact copy was re-uploaded, and from where. */
  repairedFrom?: string;
}

/** What {@link Registry.fsck} found. */
export interface FsckReport {
  /** Distinct blobs checked (every artifact of every ready version). */
  checkedBlobs: number;
  problems: BlobProblem[];
  /** Versions with at least one damaged or missing blob that was not repaired. */
  brokenVersions: string[];
}

/**
 * Re-hashes every blob that a ready version references, reports the damaged and missing ones
 * with the versions they break, and with `repair` re-uploads those an intact local copy exists
 * for (a file of the same size and digest under `sources`).
 */
export async function checkArtifacts(
  connection: RegistryConnection,
  artifacts: ArtifactStore,
  options: FsckOptions = {},
): Promise<FsckReport> {
  const rows = await connection.db
    .selectFrom('artifacts')
    .innerJoin('versions', 'versions.id', 'artifacts.version_id')
    .select(['artifacts.sha256', 'artifacts.size', 'artifacts.path', 'versions.id'])
    .where('versions.status', '=', 'ready')
    .orderBy('versions.id')
    .execute();
  const blobs = new Map<string, { size: number; versions: Array<{ id: string; path: string }> }>();
  for (const row of rows) {
    const blob = blobs.get(row.sha256) ?? { size: Number(row.size), versions: [] };
    blob.versions.push({ id: row.id, path: row.path });
    blobs.set(row.sha256, blob);
  }

  const problems: BlobProblem[] = [];
  let index = 0;
  for (const [sha256, blob] of blobs) {
    options.onBlob?.(index++, blobs.size);
    const check = await artifacts.verifyBlob(sha256);
    const status = check.status === 'ok' && check.size !== blob.size ? 'damaged' : check.status;
    if (status === 'ok') continue;
    const problem: BlobProblem = { sha256, size: blob.size, status, versions: blob.versions };
    if (options.repair) {
      const copy = await findIntactCopy(sha256, blob.size, options.sources ?? []);
      if (copy) {
        await artifacts.replaceBlob(sha256, copy);
        problem.repairedFrom = copy;
      }
    }
    problems.push(problem);
  }
  const brokenVersions = [
    ...new Set(
      problems
        .filter((problem) => !problem.repairedFrom)
        .flatMap((problem) => problem.versions.map((version) => version.id)),
    ),
  ].sort();
  return { checkedBlobs: blobs.size, problems, brokenVersions };
}

/** A file under `folders` with exactly `size` bytes whose sha256 is `sha256`. */
async function findIntactCopy(
  sha256: string,
  size: number,
  folders: string[],
): Promise<string | undefined> {
  for (const folder of folders) {
    for (const path of filesOfSize(folder, size)) {
      if ((await sha256OfFile(path)) === sha256) return path;
    }
  }
  return undefined;
}

function* filesOfSize(folder: string, size: number): Generator<string> {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* filesOfSize(path, size);
    else if (entry.isFile() && statSync(path).size === size) yield path;
  }
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
