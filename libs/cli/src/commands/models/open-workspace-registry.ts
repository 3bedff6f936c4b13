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
 * closes it whatever happens.
 */
export async function withRegistry<T>(
  options: RegistryAccessOptions,
  work: (registry: Registry, meshHome: string) => Promise<T>,
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
  const meshHome = env.MESH_HOME || join(root ?? options.cwd, '.mesh');
  const registry = await openRegistry({ settings: settings.values, meshHome });
  try {
    return await work(registry, meshHome);
  } finally {
    await registry.close();
  }
}

/** A project name or a model name, as the model name: `keywords` -> `KEYWORDS-TRAINED`. */
export function modelOf(projectOrModel: string): string {
  const upper = projectOrModel.toUpperCase();
  return upper.endsWith('-TRAINED') ? upper : trainedModelName(projectOrModel);
}

/** Who is acting, for alias history: `MESH_ACTOR`, the CI actor, or the login name. */
export function actorOf(env: NodeJS.ProcessEnv): string {
  return env.MESH_ACTOR || env.GITHUB_ACTOR || env.USER || env.LOGNAME || 'unknown';
}
