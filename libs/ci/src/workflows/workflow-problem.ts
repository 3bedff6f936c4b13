/** One thing wrong with a workflow file, from actionlint or from mesh's own invariants. */
export interface WorkflowProblem {
  /** The workflow file, relative to the workspace root, e.g. `.github/workflows/ci.yaml`. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  column?: number;
  /** What is wrong and, for mesh's invariants, how to fix it. */
  message: string;
  /** actionlint's rule (e.g. `expression`) or the invariant's name (e.g. `permissions`). */
  kind: string;
}

/** Renders a problem the way compilers do: `file:line:column: message [kind]`. */
export function formatWorkflowProblem(problem: WorkflowProblem): string {
  const at = [problem.file, problem.line, problem.line ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(':');
  return `${at}: ${problem.message} [${problem.kind}]`;
}
