import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { openRegistry, registrySettingsSpec, trainedModelName } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { InferenceError } from './errors';
import { openVersionPredictor } from './open-version-predictor';
import { predictJsonLines } from './predict-json-lines';

/** Options of {@link predictComponentStdin}. */
export interface PredictComponentStdinOptions {
  /** Arguments after the command: `[--version ID | --alias NAME] [--batch-size N]`. */
  argv: string[];
  /** The component's folder, `<workspace>/projects/<project>/<component>` (npm runs its scripts there). */
  componentDir: string;
  /** `MODEL_VERSION`, `MODEL_ALIAS`, `MESH_HOME` and the registry settings. */
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stdout: Writable;
  /** Where the version used and the count go (never stdout, which carries only predictions). */
  log: (line: string) => void;
}

/**
 * The `mesh-predict` command a component's `predict` task runs, in its image or on the host:
 * JSONL on stdin -> the component's predictor for a registered version -> JSONL on stdout,
 * through the same {@link openVersionPredictor} and {@link predictJsonLines} as `mesh predict`
 * (verified download from the model store, cached by digest under MESH_HOME). The version is
 * `--version` / `MODEL_VERSION`, else `--alias` / `MODEL_ALIAS`, else the newest. The registry
 * and store are the ones the component's train run registers into (the registry settings of the
 * environment and the workspace's `config/<ENVIRONMENT>.env`). Resolves with the exit code.
 */
export async function predictComponentStdin(
  options: PredictComponentStdinOptions,
): Promise<number> {
  const { env } = options;
  const { values } = parseArgs({
    args: options.argv,
    options: {
      version: { type: 'string' },
      alias: { type: 'string' },
      'batch-size': { type: 'string' },
    },
    strict: true,
  });
  const version = values.version || env.MODEL_VERSION || undefined;
  const alias = values.alias || env.MODEL_ALIAS || undefined;
  if (version && alias)
    throw new InferenceError(
      `Give a version (--version / MODEL_VERSION=${version}) or an alias (--alias / MODEL_ALIAS=${alias}), not both.`,
    );
  const batchSize = values['batch-size'] === undefined ? 64 : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new InferenceError(
      `--batch-size must be a whole number of 1 or more (got ${values['batch-size']}).`,
    );
  const componentDir = resolve(options.componentDir);
  const component = basename(componentDir);
  const project = basename(dirname(componentDir));
  const root = resolve(componentDir, '..', '..', '..');
  if (basename(dirname(dirname(componentDir))) !== 'projects')
    throw new InferenceError(
      `mesh-predict runs in a component's folder, projects/<project>/<component> (run it as the component's predict task); got ${componentDir}.`,
    );
  const workspaceConfig = join(root, 'config');
  const settings = loadSettings(registrySettingsSpec, {
    env,
    configDir: null,
    workspaceConfigDir: existsSync(workspaceConfig) ? workspaceConfig : null,
    cwd: root,
    context: `${project}/${component} predict`,
  });
  const meshHome = env.MESH_HOME ? resolve(env.MESH_HOME) : join(root, '.mesh');
  const registry = await openRegistry({
    settings: settings.values,
    meshHome,
    readOnly: true,
    cwd: root,
  });
  try {
    const predictor = await openVersionPredictor({
      registry,
      meshHome,
      workspaceRoot: root,
      project,
      component,
      version: alias ? `${trainedModelName(project)}@${alias}` : version,
      onFile: (path, index, total) => options.log(`downloading ${path} (${index + 1}/${total})`),
    });
    try {
      const { fetched } = predictor;
      options.log(
        `${predictor.versionId} ${fetched.downloaded ? 'downloaded and verified' : 'from the cache'}: ${fetched.dir}`,
      );
      const records = await predictJsonLines({
        predictor,
        input: options.stdin,
        output: options.stdout,
        source: 'stdin',
        batchSize,
      });
      options.log(`${records} predictions by ${predictor.versionId}`);
      return 0;
    } finally {
      await predictor.close();
    }
  } finally {
    await registry.close();
  }
}
