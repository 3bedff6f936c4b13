import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The source revision a run was made from. */
export interface GitInfo {
  /** Commit sha, or null outside a git checkout. */
  sha: string | null;
  /** Branch name, or null when detached or unknown. */
  branch: string | null;
  /** Whether tracked files were changed or untracked files added; null when unknown. */
  dirty: boolean | null;
}

/**
 * Reads the commit, branch and dirty flag of the checkout holding `cwd`. Outside a checkout, or
 * without git, it takes `MESH_GIT_SHA`, `MESH_GIT_BRANCH` and `MESH_GIT_DIRTY` from the
 * environment, else null: lineage records that it is unknown rather than failing a run.
 */
export async function readGitInfo(
  cwd: string,
  env: Record<string, string | undefined> = process.env,
): Promise<GitInfo> {
  const git = async (...args: string[]) => (await run('git', args, { cwd })).stdout.trim();
  try {
    const [sha, branch, status] = await Promise.all([
      git('rev-parse', 'HEAD'),
      git('rev-parse', '--abbrev-ref', 'HEAD'),
      git('status', '--porcelain'),
    ]);
    return { sha, branch: branch === 'HEAD' ? null : branch, dirty: status.length > 0 };
  } catch {
    // In a container there is no checkout: the runner passes what the host's checkout said.
    return {
      sha: env.MESH_GIT_SHA || null,
      branch: env.MESH_GIT_BRANCH || null,
      dirty:
        env.MESH_GIT_DIRTY === undefined || env.MESH_GIT_DIRTY === ''
          ? null
          : env.MESH_GIT_DIRTY === 'true',
    };
  }
}
