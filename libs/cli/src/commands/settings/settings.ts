import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Output } from '@mesh/output';
import { pipelineSettingsSpec, workspaceConfigDir } from '@mesh/pipeline';
import { registrySettingsSpec } from '@mesh/registry';
import {
  defaultEnvironment,
  parseSettings,
  SettingsError,
  type SettingSource,
  type SettingsSpec,
} from '@mesh/settings';
import { MeshError } from '../../errors';
import { resolveComponent, workspaceRoot } from '../../workspace';

/** Options of `mesh settings`. */
export interface SettingsOptions {
  cwd: string;
  output: Output;
  project: string;
  /** Default: `train`. */
  component?: string;
  /** Which `config/<environment>.env` files to read. Default: `ENVIRONMENT`, else prod in CI, else dev. */
  environment?: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Where a value came from, by layer. */
type Origin = 'environment' | 'component' | 'workspace' | 'default';

/**
 * `mesh settings`: a component's resolved settings, as a run would see them, each with its
 * source (the environment, the component's or the workspace's `config/<env>.env` and line, or
 * the default), secrets redacted. Invalid settings print every problem and exit 2.
 */
export async function settings(options: SettingsOptions): Promise<number> {
  const { output } = options;
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component ?? 'train');
  const module = join(component.root, 'dist', 'settings.js');
  if (!existsSync(module))
    throw new MeshError(
      `${relative(root, module)} does not exist: build the component first (make projects.build/${component.project} COMPONENT=${component.component} WITHOUT_DOCKER=true); it must export settingsSpec from src/settings.ts.`,
    );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const own = (require(module) as { settingsSpec?: SettingsSpec }).settingsSpec;
  if (!own) throw new MeshError(`${relative(root, module)} does not export settingsSpec.`);
  const spec = { ...own, ...registrySettingsSpec, ...pipelineSettingsSpec };
  const environment = options.environment ?? defaultEnvironment(env);
  const workspaceConfig = workspaceConfigDir(root);
  const result = parseSettings(spec, {
    configDir: join(component.root, 'config'),
    workspaceConfigDir: workspaceConfig,
    environment,
    env,
    cwd: root,
  });
  if (!result.ok)
    throw new SettingsError(result.problems, `${component.name} (environment: ${environment})`);
  const componentConfig = relative(root, join(component.root, 'config'));
  const rows = result.settings.describe().map((row) => {
    const source = (result.settings.sources as Record<string, SettingSource>)[row.name];
    const origin: Origin =
      source.kind === 'file'
        ? source.file.startsWith(componentConfig)
          ? 'component'
          : 'workspace'
        : source.kind;
    return {
      name: row.name,
      value: row.value,
      source: row.source,
      origin,
      description: row.description,
    };
  });
  if (options.json) {
    output.json({ component: component.name, environment, settings: rows });
    return 0;
  }
  output.info(
    `${output.bold(component.name)} · environment ${environment} · precedence: environment > ${componentConfig}/${environment}.env > config/${environment}.env > defaults`,
  );
  output.table(rows, [
    { header: 'SETTING', value: (row) => row.name },
    { header: 'VALUE', value: (row) => row.value },
    { header: 'FROM', value: (row) => row.origin },
    { header: 'SOURCE', value: (row) => row.source },
  ]);
  return 0;
}
