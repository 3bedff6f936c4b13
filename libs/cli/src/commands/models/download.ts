import { resolve } from 'node:path';
import type { Output } from '@mesh/output';
import { formatBytes } from '@mesh/output';
import { withRegistry } from './open-workspace-registry';

/** Options of `mesh models download`. */
export interface DownloadOptions {
  cwd: string;
  output: Output;
  version: string;
  /** Folder to write the artifacts into (created if needed). */
  to: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh models download`: every artifact of a version, each verified against its sha256. */
export async function download(options: DownloadOptions): Promise<number> {
  const directory = resolve(options.cwd, options.to);
  const result = await withRegistry(options, (registry) =>
    options.output.step(`Downloading ${options.version} to ${options.to}`, (progress) =>
      registry.download(options.version, directory, (path, index, total) => {
        progress.update(index, total, 'files');
        progress.detail(`${index + 1}/${total} ${path}`);
      }),
    ),
  );
  if (options.json) options.output.json({ ...result, directory });
  else
    options.output.success(
      `${result.id}: ${result.files} files, ${formatBytes(result.bytes)}, verified, in ${directory}`,
    );
  return 0;
}
