import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CiError } from './errors';

/** Which commits to compare. */
export interface AffectedRange {
  /** The commit the change starts from, e.g. the pull request's base sha. */
  base: string;
  /** The commit with the change. Default: `HEAD`. */
  head?: string;
}

/** Runs a command in a folder and gives its standard output; rejects with its stderr. */
export type RunCommand = (command: string, args: string[], cwd: string) => Promise<string>;

const execFileAsync = promisify(execFile);

/** {@link RunCommand} through child_process, with the environment of this process. */
export const runCommand: RunCommand = async (command, args, cwd) =>
  (
    await execFileAsync(command, args, {
      cwd,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NX_DAEMON: 'false' },
    })
  ).stdout;

/** The workspace's own Nx entry point. */
function nxBin(root: string): string {
  try {
    return require.resolve('nx/bin/nx.js', { paths: [root] });
  } catch (error) {
    throw new CiError('Nx is not installed: run `npm ci` at the repository root first.', 1, {
      cause: error,
    });
  }
}

/**
 * The Nx projects a change affects (`nx show projects --affected`): those whose files changed
 * between `base` and `head`, and every project that depends on one of them. Needs the whole
 * history of both commits (in GitHub Actions, `actions/checkout` with `fetch-depth: 0`).
 */
export async function affectedProjects(
  root: string,
  range: AffectedRange,
  run: RunCommand = runCommand,
): Promise<string[]> {
  const args = [nxBin(root), 'show', 'projects', '--affected', '--base', range.base];
  args.push('--head', range.head ?? 'HEAD', '--json');
  let stdout: string;
  try {
    stdout = await run(process.execPath, args, root);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message);
    throw new CiError(
      `nx could not compute the affected projects between ${range.base} and ${range.head ?? 'HEAD'}: ${stderr.trim().split('\n').slice(-5).join(' ')} ` +
        '(both commits must be in the local history: in GitHub Actions, check out with fetch-depth: 0).',
      1,
      { cause: error },
    );
  }
  const line = stdout
    .split('\n')
    .reverse()
    .find((text) => text.trim().startsWith('['));
  const names: unknown = line ? JSON.parse(line) : undefined;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string'))
    throw new CiError(`nx show projects --affected printed no list of projects: ${stdout.trim()}`);
  return names as string[];
}
