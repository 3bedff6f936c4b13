import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadSettings } from '@mesh/settings';
import {
  openRegistry,
  registrySettingsSpec,
  trainedModelName,
  type Registry,
} from '@mesh/registry';
import { findWorkspaceRoot } from '@mesh/pipeline';

/** Where the registry commands look, and how. */
export interface RegistryAccessOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Opens the registry named by `REGISTRY_URL` and `MODEL_STORE_URI` in the environment (the
 * embedded one under `MESH_HOME`, default `<workspace>/.mesh`, when unset), runs `work`, and
 * closes it whatever happens. Read-only unless `access.readOnly` is false: a registry database
 * that does not exist is then an error, never created.
 */
export async function withRegistry<T>(
  options: RegistryAccessOptions,
  work: (registry: Registry, meshHome: string) => Promise<T>,
  access: { readOnly?: boolean } = {},
): Promise<T> {
  const env = options.env ?? process.env;
  const root = findWorkspaceRoot(options.cwd);
  const settings = loadSettings(registrySettingsSpec, {
    env,
    configDir: null,
    // The workspace's config/<ENVIRONMENT>.env names the shared store and registry.
    workspaceConfigDir: root ? join(root, 'config') : null,
    cwd: root ?? options.cwd,
    context: 'mesh models',
  });
  const meshHome = workspaceMeshHome(options);
  const registry = await openRegistry({
    settings: settings.values,
    meshHome,
    readOnly: access.readOnly ?? true,
    cwd: options.cwd,
  });
  try {
    return await work(registry, meshHome);
  } finally {
    await registry.close();
  }
}

/** The mesh home the registry commands use: `MESH_HOME`, default `<workspace>/.mesh`. */
export function workspaceMeshHome(options: RegistryAccessOptions): string {
  const env = options.env ?? process.env;
  return env.MESH_HOME || join(findWorkspaceRoot(options.cwd) ?? options.cwd, '.mesh');
}

/** A project name or a model name, as the model name: `keywords` -> `KEYWORDS-TRAINED`. */
export function modelOf(projectOrModel: string): string {
  const upper = projectOrModel.toUpperCase();
  return upper.endsWith('-TRAINED') ? upper : trainedModelName(projectOrModel);
}

/**
 * Who is acting, for alias history: `MESH_ACTOR`, the CI actor, the login name, else git's
 * `user.name` (read in `cwd`), else `unknown`.
 */
export function actorOf(env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  return (
    env.MESH_ACTOR ||
    env.GITHUB_ACTOR ||
    env.USER ||
    env.LOGNAME ||
    gitUserName(cwd, env) ||
    'unknown'
  );
}

function gitUserName(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}
