import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataError } from '@mesh/data';
import { Output } from '@mesh/output';
import { loadSettings, SettingsError, type Settings, type SettingsSpec } from '@mesh/settings';
import { readGitInfo, type GitInfo } from './git-info';
import { meshHome } from './mesh-home';
import { RunFolder } from './run-folder';

/** What a component's pipeline is given. */
export interface RunContext<S extends SettingsSpec> {
  settings: Settings<S>;
  values: Settings<S>['values'];
  output: Output;
  /** The run's folder; write every artifact here (it is committed only if the run succeeds). */
  run: RunFolder;
  /** The component folder, base of relative data paths. */
  componentRoot: string;
  git: GitInfo;
  /** Wall-clock start of the run. */
  startedAt: Date;
}

/** What a pipeline reports when it succeeds. */
export interface RunSummary {
  /** Headline metrics printed at the end, e.g. `{ f1: 0.31 }`. */
  metrics: Record<string, number>;
}

/** A component: its name, folder, settings spec and pipeline. */
export interface ComponentDefinition<S extends SettingsSpec> {
  /** `<project>-<component>`, e.g. `keywords-train`. */
  name: string;
  /** The component folder (holding `config/`). */
  root: string;
  settings: S;
  pipeline: (context: RunContext<S>) => Promise<RunSummary>;
}

/** Process-level inputs of {@link runComponent}; each defaults to the running process. */
export interface RunComponentOptions {
  env?: Record<string, string | undefined>;
  output?: Output;
  now?: () => Date;
}

/** Exit codes of a component run. */
export const EXIT = { ok: 0, failed: 1, invalidSettings: 2, interrupted: 130 } as const;

/**
 * Runs a component end to end: resolves its settings (every problem reported at once, exit 2,
 * nothing written), stages a run folder, runs the pipeline, then commits the folder and prints
 * the headline metrics. On any failure or interrupt the staged folder is removed and the exit
 * code is non-zero. Returns the exit code rather than exiting, so it can be tested.
 */
export async function runComponent<S extends SettingsSpec>(
  component: ComponentDefinition<S>,
  options: RunComponentOptions = {},
): Promise<number> {
  const env = options.env ?? process.env;
  const output = options.output ?? new Output({ env });
  const startedAt = (options.now ?? (() => new Date()))();

  let settings: Settings<S>;
  try {
    settings = loadSettings(component.settings, {
      configDir: join(component.root, 'config'),
      env,
      cwd: component.root,
      context: component.name,
    });
  } catch (error) {
    if (error instanceof SettingsError) {
      output.error(error.message);
      return EXIT.invalidSettings;
    }
    throw error;
  }

  output.info(`${output.bold(component.name)} · environment ${settings.environment} · settings:`);
  for (const row of settings.describe())
    output.info(`  ${row.name}=${row.value} ${output.dim(`(${row.source})`)}`);

  const run = RunFolder.create(
    join(meshHome(component.root, env), 'runs', component.name),
    startedAt,
  );
  const interrupt = () => {
    run.discard();
    output.error(`${component.name} interrupted; the partial run folder was removed.`);
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const git = await readGitInfo(component.root);
    const summary = await component.pipeline({
      settings,
      values: settings.values,
      output,
      run,
      componentRoot: component.root,
      git,
      startedAt,
    });
    writeFileSync(run.file('metrics.json'), `${JSON.stringify(summary.metrics, null, 2)}\n`);
    const finalPath = run.commit();
    const metrics = Object.entries(summary.metrics).map(
      ([name, value]) => `${name}=${value.toFixed(4)}`,
    );
    output.success(`${component.name} run ${run.id}: ${output.bold(metrics.join(' '))}`);
    output.result(`Run folder: ${relative(process.cwd(), finalPath) || finalPath}`);
    return EXIT.ok;
  } catch (error) {
    run.discard();
    const message = error instanceof DataError ? error.message : describeFailure(error, env);
    output.error(`${component.name} failed: ${message}`);
    return EXIT.failed;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

function describeFailure(error: unknown, env: Record<string, string | undefined>): string {
  if (!(error instanceof Error)) return String(error);
  return env.MESH_VERBOSE === 'true' && error.stack ? error.stack : error.message;
}
