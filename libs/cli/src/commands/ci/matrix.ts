import { appendFileSync } from 'node:fs';
import { affectedProjects, planCiMatrix, readWorkspacePackages, type CiMatrix } from '@mesh/ci';
import type { Output } from '@mesh/output';
import { UsageError } from '../../errors';
import { workspaceRoot } from '../../workspace';

/** Options of `mesh ci matrix`. */
export interface CiMatrixOptions {
  cwd: string;
  output: Output;
  /** Only what the change between `base` and `head` affects (nx affected). Default: everything. */
  affected?: boolean;
  /** The commit the change starts from. Default: `NX_BASE`, else `main`. */
  base?: string;
  /** The commit with the change. Default: `NX_HEAD`, else `HEAD`. */
  head?: string;
  /** Print the matrix as JSON. Default: a table. */
  json?: boolean;
  /** Also append `components=`, `libraries=` and `train=` lines to the file `GITHUB_OUTPUT` names. */
  githubOutput?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh ci matrix`: what CI builds, tests and trains for a change. Reads the components, their
 * suites and declarations, asks nx which projects the change affects, and prints the plan.
 */
export async function ciMatrix(options: CiMatrixOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  if (!options.affected && (options.base || options.head))
    throw new UsageError('--base and --head only apply with --affected.');
  const packages = readWorkspacePackages(root);
  const affected = options.affected
    ? await affectedProjects(root, {
        base: options.base || env.NX_BASE || 'main',
        head: options.head || env.NX_HEAD || 'HEAD',
      })
    : 'all';
  const matrix = planCiMatrix(packages, affected);
  if (options.githubOutput) writeGithubOutput(matrix, env);
  if (options.json) options.output.json(matrix);
  else printMatrix(matrix, options.output);
  return 0;
}

function writeGithubOutput(matrix: CiMatrix, env: NodeJS.ProcessEnv): void {
  if (!env.GITHUB_OUTPUT)
    throw new UsageError(
      '--github-output needs GITHUB_OUTPUT, the file GitHub Actions reads step outputs from; run it in a workflow step, or use --json.',
    );
  const lines = Object.entries(matrix).map(([key, value]) => `${key}=${JSON.stringify(value)}\n`);
  appendFileSync(env.GITHUB_OUTPUT, lines.join(''));
}

function printMatrix(matrix: CiMatrix, output: Output): void {
  const suites = (row: { unit: boolean; integration: boolean; functional: boolean }) =>
    (['unit', 'integration', 'functional'] as const).filter((suite) => row[suite]).join(', ') ||
    'none';
  if (matrix.components.length + matrix.libraries.length === 0) {
    output.info('Nothing affected: no component or library to build or test.');
    return;
  }
  output.table(
    [
      ...matrix.components.map((row) => ({
        kind: 'component',
        name: row.name,
        suites: suites(row),
      })),
      ...matrix.libraries.map((row) => ({ kind: 'library', name: row.name, suites: suites(row) })),
    ],
    [
      { header: 'KIND', value: (row) => row.kind },
      { header: 'NAME', value: (row) => row.name },
      { header: 'SUITES', value: (row) => row.suites },
    ],
  );
  for (const job of matrix.train)
    output.info(
      `Train pipeline: ${job.name} on ${job.runner === 'hosted' ? 'a GitHub-hosted runner' : `a self-hosted ${job['instance-type']} runner`}${job.gpu > 0 ? ` with ${job.gpu} GPU(s)` : ''}`,
    );
}
