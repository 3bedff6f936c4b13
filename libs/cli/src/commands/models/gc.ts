import { join } from 'node:path';
import { sweepAbandonedRunFolders } from '@mesh/pipeline';
import type { Output } from '@mesh/output';
import { formatBytes } from '@mesh/output';
import { UsageError } from '../../errors';
import { withRegistry, workspaceMeshHome } from './open-workspace-registry';

/** Options of `mesh models gc`. */
export interface GcCommandOptions {
  cwd: string;
  output: Output;
  /** Versions to keep per model (aliased ones are always kept). Default: all. */
  keep?: string;
  /** Leave blobs younger than this alone, e.g. `30m`, `1h`, `0`. Default: `1h`. */
  minAge?: string;
  dryRun?: boolean;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `30s`, `15m`, `2h`, `1d` or plain seconds, in milliseconds. */
export function parseAge(text: string): number {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!match)
    throw new UsageError(
      `--min-age ${JSON.stringify(text)} is not a duration: use e.g. 0, 30m, 1h or 2d.`,
    );
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit * 1000;
}

/** `mesh models gc`: prune old versions beyond `--keep` and delete unreferenced artifacts. */
export async function gc(options: GcCommandOptions): Promise<number> {
  let keep: number | undefined;
  if (options.keep !== undefined) {
    keep = Number(options.keep);
    if (!Number.isInteger(keep) || keep < 0)
      throw new UsageError(
        `--keep ${JSON.stringify(options.keep)} must be a whole number of versions, e.g. --keep 5.`,
      );
  }
  const minAgeMs = parseAge(options.minAge ?? '1h');
  const registryReport = await withRegistry(options, (registry) =>
    registry.gc({ keep, minAgeMs, dryRun: options.dryRun }),
  );
  // Staging folders of killed runs: gone at once when their process is, whatever their age.
  const partialRunFolders = sweepAbandonedRunFolders(join(workspaceMeshHome(options), 'runs'), {
    minAgeMs,
    dryRun: options.dryRun,
  });
  const report = { ...registryReport, partialRunFolders };
  if (options.json) options.output.json(report);
  else {
    const verb = report.dryRun ? 'Would remove' : 'Removed';
    options.output.success(
      `${verb} ${report.deletedBlobs} unreferenced artifact(s), ${formatBytes(report.freedBytes)}` +
        (partialRunFolders.length
          ? `, ${partialRunFolders.length} partial run folder(s) of killed runs`
          : '') +
        (report.temporaryFiles.length
          ? `, ${report.temporaryFiles.length} temporary file(s) of killed uploads`
          : '') +
        (report.prunedVersions.length ? `; pruned ${report.prunedVersions.join(', ')}` : ''),
    );
  }
  return 0;
}
