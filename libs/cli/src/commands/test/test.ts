import type { Output } from '@mesh/output';
import { UsageError } from '../../errors';
import { runNxTarget } from '../../nx';
import { resolveComponent, suitesOf, workspaceRoot, type Suite } from '../../workspace';

/** Options of `mesh test`. */
export interface TestOptions {
  cwd: string;
  output: Output;
  project: string;
  component: string;
  /** `unit`, `integration`, `functional`, or `all`. Default: `unit`. */
  suite: Suite | 'all';
}

/** `mesh test`: runs one suite (or all) of a component through nx, failing if it has none. */
export async function test(options: TestOptions): Promise<number> {
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component);
  const available = suitesOf(component);
  if (options.suite === 'all') return runNxTarget(root, component.name, 'test');
  if (!available.includes(options.suite)) {
    throw new UsageError(
      `${component.name} has no ${options.suite} tests: ${component.path}/tests/${options.suite}/ holds no *.test.ts file. ` +
        `Its suites: ${available.join(', ') || 'none'}.`,
    );
  }
  return runNxTarget(root, component.name, options.suite);
}
