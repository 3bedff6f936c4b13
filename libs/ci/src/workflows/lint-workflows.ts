import { listComponents } from '@mesh/workspace';
import { actionlint } from './actionlint';
import { checkWorkflowInvariants } from './invariants';
import { readWorkflows, type WorkflowFile } from './read-workflows';
import type { WorkflowProblem } from './workflow-problem';

/** What {@link lintWorkflows} found. */
export interface WorkflowLintResult {
  /** The files checked, relative to the workspace root. */
  files: string[];
  problems: WorkflowProblem[];
}

/**
 * Checks every workflow of `.github/workflows/`: actionlint on each file, then mesh's
 * invariants over all of them (they read one another: a caller and the workflow it calls).
 */
export async function lintWorkflows(
  root: string,
  workflows: WorkflowFile[] = readWorkflows(root),
): Promise<WorkflowLintResult> {
  const problems: WorkflowProblem[] = [];
  for (const workflow of workflows)
    problems.push(...(await actionlint(workflow.text, workflow.file)));
  problems.push(...checkWorkflowInvariants({ workflows, components: listComponents(root) }));
  return { files: workflows.map((workflow) => workflow.file), problems };
}
