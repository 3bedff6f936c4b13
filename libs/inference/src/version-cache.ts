import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry, VersionRecord } from '@mesh/registry';
import { InferenceError } from './errors';

/** Options of {@link fetchVersion}. */
export interface FetchVersionOptions {
  /** Where the cache lives: `<meshHome>/cache/models/`. */
  meshHome: string;
  /**
   * Download into a new temporary folder, ignoring and not filling the cache, so every byte is
   * checked against the store again (what `mesh models verify` does). Default: false.
   */
  fresh?: boolean;
  /** Called before each artifact is downloaded (never on a cache hit). */
  onFile?: (path: string, index: number, total: number) => void;
}

/** A version's artifacts in a local folder, in the run folder layout. */
export interface FetchedVersion {
  version: VersionRecord;
  /** The folder holding the artifacts. */
  dir: string;
  /** False when the folder came from the cache: nothing was downloaded. */
  downloaded: boolean;
  /** Bytes downloaded (0 on a cache hit). */
  bytes: number;
  /** Removes the folder when it is a fresh temporary one; a no-op for a cached one. */
  release(): void;
}

const COMPLETE = '.mesh-complete.json';

/**
 * The digest of a version's content: sha256 over its artifacts' paths and digests. Two versions
 * with the same files share one cache folder.
 */
export function contentDigest(version: Pick<VersionRecord, 'artifacts'>): string {
  const hash = createHash('sha256');
  for (const artifact of [...version.artifacts].sort((a, b) => (a.path < b.path ? -1 : 1)))
    hash.update(`${artifact.path}\0${artifact.sha256}\n`);
  return hash.digest('hex');
}

/**
 * Makes a version's artifacts available in a local folder: from the cache under
 * `<meshHome>/cache/models/<content digest>` when a previous call completed it, else downloaded
 * through the model store (each file verified against its digest; a mismatch throws the store's
 * ChecksumMismatchError) into a temporary folder renamed into place once complete, so a failed
 * or concurrent download never leaves a half-filled cache entry.
 */
export async function fetchVersion(
  registry: Registry,
  ref: string,
  options: FetchVersionOptions,
): Promise<FetchedVersion> {
  const version = await registry.getVersion(ref);
  if (version.status !== 'ready')
    throw new InferenceError(
      `${version.id} was pruned by gc: its artifacts are gone, so it cannot be used (see mesh models list).`,
    );
  const digest = contentDigest(version);
  const cacheRoot = join(options.meshHome, 'cache', 'models');
  const cached = join(cacheRoot, digest);
  if (!options.fresh && isComplete(cached, digest))
    return { version, dir: cached, downloaded: false, bytes: 0, release: () => undefined };

  const staging = options.fresh
    ? join(options.meshHome, 'cache', 'verify', `${version.id}-${randomBytes(6).toString('hex')}`)
    : join(cacheRoot, `.partial-${digest}-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { recursive: true });
  try {
    const { bytes } = await registry.download(version.id, staging, options.onFile);
    if (options.fresh) {
      return {
        version,
        dir: staging,
        downloaded: true,
        bytes,
        release: () => rmSync(staging, { recursive: true, force: true }),
      };
    }
    writeFileSync(join(staging, COMPLETE), `${JSON.stringify({ digest, version: version.id })}\n`);
    try {
      renameSync(staging, cached);
    } catch (error) {
      // Another process completed the same entry first: use theirs.
      if (!isComplete(cached, digest)) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
    return { version, dir: cached, downloaded: true, bytes, release: () => undefined };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function isComplete(dir: string, digest: string): boolean {
  const marker = join(dir, COMPLETE);
  if (!existsSync(marker)) return false;
  try {
    return (JSON.parse(readFileSync(marker, 'utf8')) as { digest?: string }).digest === digest;
  } catch {
    return false;
  }
}
