import type { Output } from '@mesh/output';
import { listComponents, suitesOf, workspaceRoot } from '../../workspace';

/** Options of `mesh projects`. */
export interface ProjectsOptions {
  cwd: string;
  output: Output;
  json?: boolean;
}

/** `mesh projects`: every component with its folder and suites. */
export async function projects(options: ProjectsOptions): Promise<number> {
  const root = workspaceRoot(options.cwd);
  const rows = listComponents(root).map((component) => ({
    name: component.name,
    project: component.project,
    component: component.component,
    path: component.path,
    suites: suitesOf(component),
  }));
  if (options.json) options.output.json(rows);
  else {
    options.output.table(rows, [
      { header: 'NAME', value: (row) => row.name },
      { header: 'PATH', value: (row) => row.path },
      { header: 'SUITES', value: (row) => row.suites.join(', ') },
    ]);
  }
  return 0;
}
