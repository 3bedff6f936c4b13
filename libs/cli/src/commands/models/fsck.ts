import { join } from 'node:path';
import type { Output } from '@mesh/output';
import { formatBytes } from '@mesh/output';
import { withRegistry, workspaceMeshHome } from './open-workspace-registry';

/** Options of `mesh models fsck`. */
export interface FsckCommandOptions {
  cwd: string;
  output: Output;
  /** Re-upload damaged or missing blobs from intact copies in the run folders. Default: false. */
  repair?: boolean;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh models fsck`: re-hashes every blob a ready version needs and reports the damaged or
 * missing ones with the versions they break; `--repair` re-uploads those whose bytes are still in
 * a run folder under `MESH_HOME/runs`. Exit 1 while any version stays broken.
 */
export async function fsck(options: FsckCommandOptions): Promise<number> {
  const sources = [join(workspaceMeshHome(options), 'runs')];
  const report = await withRegistry(options, (registry) =>
    options.output.step('Checking stored artifacts', (progress) =>
      registry.fsck({
        repair: options.repair,
        sources,
        onBlob: (index, total) => progress.update(index, total, 'blobs'),
      }),
    ),
  );
  if (options.json) {
    options.output.json(report);
    return report.brokenVersions.length > 0 ? 1 : 0;
  }
  for (const problem of report.problems) {
    const needed = problem.versions.map((version) => `${version.id}:${version.path}`).join(', ');
    const line = `blob sha256:${problem.sha256} (${formatBytes(problem.size)}) is ${problem.status}; needed by ${needed}`;
    if (problem.repairedFrom)
      options.output.success(`${line}; re-uploaded from ${problem.repairedFrom}`);
    else options.output.error(line);
  }
  if (report.brokenVersions.length > 0) {
    options.output.error(
      `${report.brokenVersions.length} version(s) cannot be downloaded intact: ${report.brokenVersions.join(', ')}.` +
        (options.repair
          ? ' No intact copy of their bytes was found under MESH_HOME/runs: register them again from their data.'
          : ' Run `mesh models fsck --repair` to re-upload them from the run folders that still hold their bytes.'),
    );
    return 1;
  }
  options.output.success(
    `${report.checkedBlobs} blob(s) checked` +
      (report.problems.length > 0 ? `, ${report.problems.length} repaired` : ', all intact'),
  );
  return 0;
}
