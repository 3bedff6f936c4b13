import type { Output } from '@mesh/output';
import { wantsWithoutDocker } from '../../execution-mode';
import { runNxTarget } from '../../nx';
import { resolveComponent, workspaceRoot } from '../../workspace';
import { runBuiltComponent } from '../run/run-component';

/** Options of `mesh start`. */
export interface StartOptions {
  cwd: string;
  output: Output;
  project: string;
  /** Default: `train`. */
  component: string;
  /** Run in-process instead of in containers. Default: `WITHOUT_DOCKER=true` in the environment. */
  withoutDocker?: boolean;
  /** Which `config/<environment>.env` to read. Default: the component's own default. */
  environment?: string;
  /** Start the local infrastructure (`mesh infra up`) and register into it. Default: `INFRA=true` in the environment. */
  infra?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh start`: in a container of the component's image by default; with `--without-docker`,
 * builds the component through nx (cached, libraries first), then runs it in-process. Returns
 * the component's own exit code: 0 when it trained and evaluated, 2 for invalid settings, 1 for
 * any other failure. (`nx run <name>:start` does the same in one task, with nx's exit code.)
 */
export async function start(options: StartOptions): Promise<number> {
  let env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    ...(options.environment ? { ENVIRONMENT: options.environment } : {}),
  };
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component);
  if (options.infra ?? env.INFRA === 'true') {
    const infra = await import('../infra/infra.js');
    if (!(await infra.infraIsUp())) await infra.infraUp({ cwd: root, output: options.output, env });
    env = { ...env, ...infra.infraSettings(env) };
    options.output.info(
      `Registering into the local infrastructure; list it with: eval "$(npx mesh infra env)" && npx mesh models list ${component.project}`,
    );
  }
  if (!wantsWithoutDocker(options.withoutDocker, env)) {
    return (await import('./start-in-container.js')).startInContainer({
      root,
      component,
      output: options.output,
      env,
    });
  }
  const built = await runNxTarget(root, component.name, 'build', { baseEnv: env });
  if (built !== 0) return built;
  options.output.info(`Starting ${component.name} in-process (WITHOUT_DOCKER=true)`);
  return runBuiltComponent(root, component, { ...env, WITHOUT_DOCKER: 'true' });
}
