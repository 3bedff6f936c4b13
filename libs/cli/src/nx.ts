import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { MeshError } from './errors';

/** Options for {@link runNxTarget}. */
export interface RunNxTargetOptions {
  /** Variables added to the task's environment (e.g. `WITHOUT_DOCKER`). */
  env?: Record<string, string | undefined>;
  /** Base environment. Default: `process.env`. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Send Nx's output to stderr, keeping stdout for the caller's data (a task's JSONL). Default: false. */
  outputToStderr?: boolean;
}

/** The workspace's own Nx entry point. */
function nxBin(root: string): string {
  try {
    return require.resolve('nx/bin/nx.js', { paths: [root] });
  } catch (error) {
    throw new MeshError('Nx is not installed: run `npm ci` at the repository root first.', 1, {
      cause: error,
    });
  }
}

/**
 * Runs `nx run <project>:<target>` in the workspace, with its output streamed, so caching and
 * dependencies apply as they do for make and CI. Resolves with nx's exit code.
 */
export function runNxTarget(
  root: string,
  project: string,
  target: string,
  options: RunNxTargetOptions = {},
): Promise<number> {
  const nx = nxBin(root);
  const env = { ...(options.baseEnv ?? process.env), ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [nx, 'run', `${project}:${target}`, '--outputStyle=stream'],
      {
        cwd: root,
        env,
        stdio: options.outputToStderr ? ['inherit', process.stderr, 'inherit'] : 'inherit',
      },
    );
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)),
    );
  });
}
