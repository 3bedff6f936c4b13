import { gitTags, imageTag } from '@mesh/ci';
import type { Output } from '@mesh/output';
import { workspaceRoot } from '../../workspace';

/** Options of `mesh ci tag`. */
export interface CiTagOptions {
  cwd: string;
  output: Output;
  env?: NodeJS.ProcessEnv;
  /** The clock. Default: now. */
  now?: Date;
}

/**
 * `mesh ci tag`: the tag of the images this CI run builds. On a push to main, the next calendar
 * version `vYY.M.N` from the repository's tags; anywhere else `ci-<run id>-<run attempt>`.
 */
export async function ciTag(options: CiTagOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  const context = {
    event: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    runId: env.GITHUB_RUN_ID ?? 'local',
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    now: options.now ?? new Date(),
  };
  const release = context.event === 'push' && context.ref === 'refs/heads/main';
  options.output.result(imageTag({ ...context, tags: release ? await gitTags(root) : [] }));
  return 0;
}
