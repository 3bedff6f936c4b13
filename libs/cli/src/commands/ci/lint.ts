import { formatWorkflowProblem, lintWorkflows, WORKFLOWS_DIR } from '@mesh/ci';
import type { Output } from '@mesh/output';
import { workspaceRoot } from '../../workspace';

/** Options of `mesh ci lint`. */
export interface CiLintOptions {
  cwd: string;
  output: Output;
  /** Print the problems as JSON. Default: one line each. */
  json?: boolean;
}

/**
 * `mesh ci lint`: actionlint over every workflow file, then mesh's invariants (least-privilege
 * permissions, no push on pull requests, every self-hosted runner stopped, matrices from
 * `mesh ci matrix`, every suite in its own step). Exit 1 when anything is wrong.
 */
export async function ciLint(options: CiLintOptions): Promise<number> {
  const root = workspaceRoot(options.cwd);
  const result = await lintWorkflows(root);
  if (options.json) options.output.json(result);
  else {
    for (const problem of result.problems) options.output.error(formatWorkflowProblem(problem));
    if (result.files.length === 0) options.output.info(`No workflow files in ${WORKFLOWS_DIR}/.`);
    else if (result.problems.length === 0)
      options.output.success(
        `${result.files.length} workflow files pass actionlint and mesh's invariants: ${result.files.join(', ')}`,
      );
    else
      options.output.info(
        `${result.problems.length} problem(s) in ${WORKFLOWS_DIR}/; fix them, then run npx mesh ci lint again.`,
      );
  }
  return result.problems.length === 0 ? 0 : 1;
}
