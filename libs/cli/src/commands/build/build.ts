import type { Output } from '@mesh/output';
import { runNxTarget } from '../../nx';
import { resolveComponent, workspaceRoot } from '../../workspace';

/** Options of `mesh build`. */
export interface BuildOptions {
  cwd: string;
  output: Output;
  project: string;
  component: string;
}

/** `mesh build`: the component's nx `build` target, which builds the libraries it uses first. */
export async function build(options: BuildOptions): Promise<number> {
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component);
  return runNxTarget(root, component.name, 'build');
}
