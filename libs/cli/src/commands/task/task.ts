import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Output } from '@mesh/output';
import { UsageError } from '../../errors';
import { wantsWithoutDocker } from '../../execution-mode';
import { runNxTarget } from '../../nx';
import { resolveComponent, workspaceRoot, type ComponentRef } from '../../workspace';

/** Options of `mesh task`. */
export interface TaskOptions {
  cwd: string;
  output: Output;
  project: string;
  /** Default: `train`. */
  component: string;
  task: string;
  /** Run on this machine instead of in the component's container. Default: `WITHOUT_DOCKER=true` in the environment. */
  withoutDocker?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** A component's auxiliary tasks: the scripts of its package.json. */
export function tasksOf(component: ComponentRef): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(component.root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts ?? {};
}

/**
 * `mesh task` (`make projects.run/<p> TASK=<task>`): runs one of a component's auxiliary tasks,
 * a script of its package.json run against its compiled code, in its production image (as the
 * `train` compose service, with the same settings and mounts) or, with WITHOUT_DOCKER, here.
 */
export async function task(options: TaskOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component);
  const tasks = tasksOf(component);
  if (!options.task || !(options.task in tasks)) {
    const known = Object.keys(tasks);
    throw new UsageError(
      `${options.task ? `${component.name} has no task "${options.task}"` : 'Which task? Set TASK'}. ` +
        (known.length
          ? `Its tasks (scripts of ${component.path}/package.json): ${known.join(', ')}.`
          : `Add one as a script in ${component.path}/package.json.`),
    );
  }
  const npmRun = ['npm', '--prefix', component.path, 'run', '--silent', options.task];
  if (!wantsWithoutDocker(options.withoutDocker, env)) {
    return (await import('../start/start-in-container.js')).startInContainer({
      root,
      component,
      output: options.output,
      env,
      command: npmRun,
    });
  }
  // A task's stdout is its data (the predict task's JSONL): the build reports on stderr.
  const built = await runNxTarget(root, component.name, 'build', {
    baseEnv: env,
    outputToStderr: true,
  });
  if (built !== 0) return built;
  options.output.info(`Running ${component.name} task ${options.task}: ${tasks[options.task]}`);
  return new Promise((resolve, reject) => {
    const child = spawn(npmRun[0], npmRun.slice(1), {
      cwd: root,
      env: { ...env, MESH_HOME: env.MESH_HOME ?? join(root, '.mesh') },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
