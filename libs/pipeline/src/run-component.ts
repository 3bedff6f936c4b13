import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatBytes, Output } from '@mesh/output';
import {
  collectLineage,
  openRegistry,
  registrySettingsSpec,
  trainedModelName,
  type Lineage,
  type RegistrationResult,
  type Registry,
} from '@mesh/registry';
import {
  findEnvironmentTypos,
  loadSettings,
  SettingsError,
  type Settings,
  type SettingsSpec,
} from '@mesh/settings';
import { readGitInfo, type GitInfo } from './git-info';
import { meshHome, workspaceConfigDir } from './mesh-home';
import { pipelineSettingsSpec } from './pipeline-settings';
import { preflight } from './preflight';
import { RunFolder } from './run-folder';
import { appendStepSummary, registeredSummary } from './step-summary';

/**
 * A component's own settings plus where it registers (MODEL_STORE_URI, REGISTRY_URL, ...) and
 * how the run is made (USE_SAMPLE_DATA).
 */
export type ComponentSettingsSpec<S extends SettingsSpec> = S &
  typeof registrySettingsSpec &
  typeof pipelineSettingsSpec;

/** What a component's pipeline is given. */
export interface RunContext<S extends SettingsSpec> {
  settings: Settings<ComponentSettingsSpec<S>>;
  values: Settings<ComponentSettingsSpec<S>>['values'];
  output: Output;
  /** The run's folder; write every artifact here. It is registered, then kept, only if the run succeeds. */
  run: RunFolder;
  /** The component folder, base of relative data paths. */
  componentRoot: string;
  git: GitInfo;
  /** Wall-clock start of the run. */
  startedAt: Date;
  /**
   * Aborted on Ctrl-C (SIGINT) or SIGTERM. Long CPU-bound loops should check it (or await
   * {@link yieldToInterrupts} now and then) so that an interrupt is acted on within a second.
   */
  signal: AbortSignal;
}

/** What a pipeline reports when it succeeds: what the registry records with the version. */
export interface RunSummary {
  /** Headline metrics, printed at the end and stored with the version, e.g. `{ f1: 0.31 }`. */
  metrics: Record<string, number>;
  /** Parameters of the model. Default: none. */
  params?: Record<string, unknown>;
  /** The model card. Default: none. */
  card?: unknown;
  /** The seed's test files by name (inputs, inference params, predictions). Default: none. */
  testFiles?: Record<string, unknown>;
  /** Every data set read, with the digest of its bytes. Default: none. */
  datasets?: Lineage['datasets'];
  /** What names the run within the project, e.g. `{ target, instance }`, kept in the lineage. Default: none. */
  run?: Lineage['run'];
}

/** A component: its project, name, folder, settings spec and pipeline. */
export interface ComponentDefinition<S extends SettingsSpec> {
  /** e.g. `keywords`. */
  project: string;
  /** e.g. `train`. */
  component: string;
  /** The component folder (holding `config/`). */
  root: string;
  settings: S;
  pipeline: (context: RunContext<S>) => Promise<RunSummary>;
  /** The model versions are registered into. Default: `<PROJECT>-TRAINED`. */
  model?: string;
  /**
   * The data URIs a run with these settings will read, by the setting that names them, so they
   * are checked before training (see {@link preflight}). Default: none checked.
   */
  dataUris?: (values: Settings<ComponentSettingsSpec<S>>['values']) => Record<string, string>;
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
 * nothing written), stages a run folder, runs the pipeline, registers the folder's files as a
 * new model version, then keeps the folder and prints the version id and headline metrics. On
 * any failure or interrupt nothing is registered, the staged folder is removed and the exit
 * code is non-zero. Returns the exit code rather than exiting, so it can be tested.
 */
export async function runComponent<S extends SettingsSpec>(
  component: ComponentDefinition<S>,
  options: RunComponentOptions = {},
): Promise<number> {
  const env = options.env ?? process.env;
  const output = options.output ?? new Output({ env });
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const name = `${component.project}-${component.component}`;
  const spec = {
    ...component.settings,
    ...registrySettingsSpec,
    ...pipelineSettingsSpec,
  } as ComponentSettingsSpec<S>;

  let settings: Settings<ComponentSettingsSpec<S>>;
  try {
    settings = loadSettings(spec, {
      configDir: join(component.root, 'config'),
      workspaceConfigDir: workspaceConfigDir(component.root),
      env,
      cwd: component.root,
      context: name,
    });
  } catch (error) {
    if (error instanceof SettingsError) {
      output.error(error.message);
      appendStepSummary(
        `### ${name}: invalid settings\n\n\`\`\`\n${error.message}\n\`\`\`\n`,
        env,
        output,
      );
      return EXIT.invalidSettings;
    }
    throw error;
  }

  output.info(`${output.bold(name)} · environment ${settings.environment} · settings:`);
  for (const row of settings.describe())
    output.info(`  ${row.name}=${row.value} ${output.dim(`(${row.source})`)}`);
  for (const typo of findEnvironmentTypos(env, Object.keys(spec)))
    output.warn(
      `${typo.name} is set in the environment but is not a setting of ${name}: did you mean ${typo.suggestion}?`,
    );

  const home = meshHome(component.root, env);
  const problems = await output.step('Checking registry, store and data before training', () =>
    preflight({
      settings: settings.values as never,
      meshHome: home,
      dataUris: component.dataUris?.(settings.values) ?? {},
      componentRoot: component.root,
    }),
  );
  if (problems.length > 0) {
    const error = new SettingsError(problems, `${name} (environment: ${settings.environment})`);
    output.error(`${error.message}\nNothing was trained.`);
    appendStepSummary(
      `### ${name}: not ready to train\n\n\`\`\`\n${error.message}\n\`\`\`\n`,
      env,
      output,
    );
    return EXIT.invalidSettings;
  }
  const run = RunFolder.create(join(home, 'runs', name), startedAt);
  const interruption = new AbortController();
  // While the pipeline works, an interrupt ends the run at once; while registering, it cancels
  // the uploads and the registration either completes (the transaction had begun) or rolls back.
  let registering = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interruption.signal.aborted) return;
    interruption.abort(new RunInterruptedError(signal));
    if (registering) {
      output.warn(`${signal}: stopping the registration (it completes or rolls back)...`);
      return;
    }
    run.discard();
    output.error(
      `${name} interrupted; nothing was registered and the partial run folder was removed.`,
    );
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    const git = await readGitInfo(component.root, env);
    const summary = await component.pipeline({
      settings,
      values: settings.values,
      output,
      run,
      componentRoot: component.root,
      git,
      startedAt,
      signal: interruption.signal,
    });
    writeFileSync(run.file('metrics.json'), `${JSON.stringify(summary.metrics, null, 2)}\n`);
    const lineage = collectLineage({
      git,
      datasets: summary.datasets ?? [],
      run: summary.run,
      settings: settings.redacted(),
      startedAt,
      finishedAt: now(),
      env,
    });
    const model = component.model ?? trainedModelName(component.project);
    registering = true;
    const registered = await register(
      output,
      model,
      component.project,
      run,
      summary,
      lineage,
      settings.values,
      home,
      interruption.signal,
    );
    const finalPath = run.commit();
    if (interruption.signal.aborted)
      output.warn(`The interrupt came after ${registered.id} was committed: it is registered.`);
    const metrics = Object.entries(summary.metrics).map(
      ([metric, value]) => `${metric}=${value.toFixed(4)}`,
    );
    output.success(`Registered ${output.bold(registered.id)}: ${output.bold(metrics.join(' '))}`);
    output.result(`Version: ${registered.id}`);
    appendStepSummary(
      registeredSummary(
        name,
        settings.environment,
        registered.id,
        summary.metrics,
        Boolean(settings.values.USE_SAMPLE_DATA),
      ),
      env,
      output,
    );
    // In a container, MESH_HOST_HOME names where the mounted mesh home is on the host.
    const onHost = env.MESH_HOST_HOME
      ? join(env.MESH_HOST_HOME, relative(home, finalPath))
      : finalPath;
    const shown = relative(process.cwd(), onHost);
    output.result(`Run folder: ${shown && !shown.startsWith('..') ? shown : onHost}`);
    return EXIT.ok;
  } catch (error) {
    run.discard();
    if (interruption.signal.aborted) {
      output.error(
        `${name} interrupted; nothing was registered and the partial run folder was removed.`,
      );
      return EXIT.interrupted;
    }
    output.error(`${name} failed: ${describeFailure(error, env)}`);
    appendStepSummary(
      `### ${name} failed\n\n${(error as Error)?.message ?? String(error)}\n\nNothing was registered.\n`,
      env,
      output,
    );
    return EXIT.failed;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

async function register(
  output: Output,
  model: string,
  project: string,
  run: RunFolder,
  summary: RunSummary,
  lineage: Lineage,
  values: Record<string, unknown>,
  home: string,
  signal: AbortSignal,
): Promise<RegistrationResult> {
  const registry = await openRegistry({ settings: values as never, meshHome: home });
  try {
    const result = await output.step(`Registering ${model}`, (progress) =>
      registry.registerVersion({
        model,
        project,
        artifactsDir: run.path,
        card: summary.card ?? null,
        testFiles: summary.testFiles ?? {},
        metrics: summary.metrics,
        params: summary.params ?? {},
        lineage,
        signal,
        onProgress: (event) => {
          progress.update(event.index + (event.done ? 1 : 0), event.total, 'artifacts');
          progress.detail(
            `${event.index + 1}/${event.total} ${event.file} (${formatBytes(event.bytes)})`,
          );
        },
      }),
    );
    output.info(
      `Artifacts: ${result.artifacts.length} files, uploaded ${formatBytes(result.uploadedBytes)}, reused ${formatBytes(result.reusedBytes)} already stored`,
    );
    await writeReport(output, registry, result.id, run);
    return result;
  } finally {
    await registry.close();
  }
}

function describeFailure(error: unknown, env: Record<string, string | undefined>): string {
  if (!(error instanceof Error)) return String(error);
  return env.MESH_VERBOSE === 'true' && error.stack ? error.stack : error.message;
}

/** The reason a run's signal is aborted: the process was asked to stop. */
export class RunInterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.name = this.constructor.name;
  }
}

/**
 * Lets pending signal handlers run, then throws if the run was interrupted. Await it every few
 * hundred milliseconds of a CPU-bound loop so that Ctrl-C is acted on within a second.
 */
export async function yieldToInterrupts(signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  signal.throwIfAborted();
}

/**
 * Every registered version gets its report.html in its run folder (`mesh models report`
 * rebuilds it any time). A report is not the run's result: failing to render one warns.
 */
async function writeReport(
  output: Output,
  registry: Registry,
  id: string,
  run: RunFolder,
): Promise<void> {
  try {
    const { readPlots, renderReport, PLOTS_FILE } = await import('@mesh/report');
    const version = await registry.getVersion(id);
    const history = await registry.listVersions({ model: version.model });
    const plots = existsSync(run.file(PLOTS_FILE)) ? readPlots(run.file(PLOTS_FILE)) : [];
    const report = await renderReport({ version, history, plots });
    writeFileSync(run.file('report.html'), report.html);
  } catch (error) {
    output.warn(`Could not write report.html of ${id}: ${(error as Error).message}`);
  }
}
