import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The folder GitHub reads workflows from, relative to the repository root. */
export const WORKFLOWS_DIR = '.github/workflows';

/** A workflow file, as text and as parsed YAML (undefined when it does not parse). */
export interface WorkflowFile {
  /** Relative to the workspace root, e.g. `.github/workflows/ci.yaml`. */
  file: string;
  text: string;
  data: unknown;
  /** Why the YAML did not parse, when it did not. */
  parseError?: string;
}

/** Every `*.yml` and `*.yaml` file of `.github/workflows/`, sorted by name. */
export function readWorkflows(root: string): WorkflowFile[] {
  const dir = join(root, WORKFLOWS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) =>
      parseWorkflow(`${WORKFLOWS_DIR}/${name}`, readFileSync(join(dir, name), 'utf8')),
    );
}

/** Parses one workflow's text; a YAML error is kept, not thrown. */
export function parseWorkflow(file: string, text: string): WorkflowFile {
  try {
    return { file, text, data: parse(text) };
  } catch (error) {
    return { file, text, data: undefined, parseError: (error as Error).message };
  }
}
