import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import type { Output } from '@mesh/output';
import { MeshError } from '../../errors';
import { resolveComponent, workspaceRoot, type ComponentRef } from '../../workspace';
import { wantsWithoutDocker } from '../../execution-mode';

/** Options of `mesh run`, the command behind a component's nx `start` target. */
export interface RunComponentCommandOptions {
  cwd: string;
  output: Output;
  project: string;
  component: string;
  env?: NodeJS.ProcessEnv;
}

/** `mesh run`: runs an already built component in-process (or in its container) and returns its exit code. */
export async function runComponentCommand(options: RunComponentCommandOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component);
  if (!wantsWithoutDocker(undefined, env)) {
    return (await import('../start/start-in-container.js')).startInContainer({
      root,
      component,
      output: options.output,
      env,
    });
  }
  return runBuiltComponent(root, component, env);
}

/**
 * Runs a built component as a child process with the embedded defaults (`MESH_HOME` under the
 * workspace's `.mesh/`), streaming its output and returning its exit code. Signals reach it, so
 * an interrupted run cleans up after itself.
 */
export async function runBuiltComponent(
  root: string,
  component: ComponentRef,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const entry = join(component.root, 'dist', 'main.js');
  if (!existsSync(entry)) {
    throw new MeshError(
      `${component.path} is not built (no dist/main.js): run \`npx nx run ${component.name}:build\` or use mesh start.`,
    );
  }
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: { ...env, MESH_HOME: env.MESH_HOME ?? join(root, '.mesh') },
    stdio: 'inherit',
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) =>
        resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)),
      );
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
}
