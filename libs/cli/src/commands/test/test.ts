import type { Output } from '@mesh/output';
import { UsageError } from '../../errors';
import { wantsWithoutDocker } from '../../execution-mode';
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
  /** Run on this machine through nx instead of in the component's container. Default: `WITHOUT_DOCKER=true`. */
  withoutDocker?: boolean;
  env?: NodeJS.ProcessEnv;
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
  const env = options.env ?? process.env;
  if (!wantsWithoutDocker(options.withoutDocker, env)) {
    return (await import('./test-in-container.js')).testInContainer(
      root,
      component,
      options.suite,
      options.output,
      env,
    );
  }
  return runNxTarget(root, component.name, options.suite);
}
