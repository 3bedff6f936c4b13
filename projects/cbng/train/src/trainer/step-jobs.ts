import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  componentJobSpec,
  jobsSettingsSpec,
  planKubernetesJob,
  type JobManifest,
} from '@mesh/jobs';
import type { Output } from '@mesh/output';
import { findWorkspaceRoot, meshHome, runSteps, stepJobName } from '@mesh/pipeline';
import { loadSettings } from '@mesh/settings';
import { registrySettingsSpec, type RegistrySettings } from '@mesh/registry';
import { resolveComponent } from '@mesh/workspace';
import { cbngComponent } from '../component';
import { explainMissingOutputs } from '../legacy-step-outputs';
import { settingsSpec } from '../settings';
import { cbngSteps, stepOutputStore } from '../steps';

/** One run's flags, as `run-edit-set` takes them. */
export interface StepJobRun {
  targetName: string;
  instanceName: string;
  downloadTraining: string;
  downloadTrial?: string;
}

/** The settings that make a run: its target, instance and data. */
export function runSettings(run: StepJobRun): Record<string, string> {
  return {
    TARGET_NAME: run.targetName,
    INSTANCE_NAME: run.instanceName,
    TRAINING_DATA_URI: run.downloadTraining,
    TRIAL_DATA_URI: run.downloadTrial ?? '',
    USE_SAMPLE_DATA: 'false',
  };
}

function loadValues(env: Record<string, string | undefined>) {
  return loadSettings(settingsSpec, {
    configDir: join(cbngComponent.root, 'config'),
    env,
    cwd: cbngComponent.root,
    context: 'cbng-train',
  }).values;
}

// Settings a step job gets from the run itself, never from the submitting environment.
const PER_RUN = new Set([
  'TARGET_NAME',
  'INSTANCE_NAME',
  'TRAINING_DATA_URI',
  'TRIAL_DATA_URI',
  'USE_SAMPLE_DATA',
  'FROM_STEP',
  'ONLY_STEP',
]);

/**
 * The settings of one step job: the run's, the step, and every cbng setting the submitting
 * environment sets (e.g. `ENSEMBLE_SIZE`, `FILE_API_STORE_URI`), so each step trains as a run in
 * this environment would.
 */
export function stepSettings(
  run: StepJobRun,
  step: string,
  env: Record<string, string | undefined>,
): Record<string, string> {
  const tuned = Object.keys(settingsSpec)
    .filter((name) => !PER_RUN.has(name) && env[name] !== undefined && env[name] !== '')
    .map((name) => [name, env[name]!] as const);
  return { ...Object.fromEntries(tuned), ...runSettings(run), ONLY_STEP: step };
}

/** A step a run makes and the steps it waits for. */
export interface RunStep {
  name: string;
  needs: string[];
}

/** The steps a run makes, in order (the trial steps only with a trial set), with their needs. */
export function runStepOrder(run: StepJobRun, env: Record<string, string | undefined>): RunStep[] {
  const values = loadValues({ ...env, ...runSettings(run) });
  const steps = cbngSteps({
    values,
    training: run.downloadTraining,
    trial: run.downloadTrial ?? '',
    componentRoot: cbngComponent.root,
  }).filter((step) => step.enabled !== false);
  const names = new Set(steps.map((step) => step.name));
  return steps.map((step) => ({
    name: step.name,
    needs: (step.needs ?? []).filter((need) => names.has(need)),
  }));
}

/** The names of the steps a run makes, in order (the trial steps only with a trial set). */
export function enabledSteps(run: StepJobRun, env: Record<string, string | undefined>): string[] {
  return runStepOrder(run, env).map((step) => step.name);
}

/**
 * The Kubernetes Jobs of one run, one per step, named `<target>-<step>` (DNS-1123, a hash suffix
 * for long names). Each runs `cbng-trainer run-edit-set ... --only-step <step>` in the
 * component's image; the last one registers the version.
 */
export function planStepJobs(
  run: StepJobRun,
  env: Record<string, string | undefined> = process.env,
): JobManifest[] {
  const root = findWorkspaceRoot(cbngComponent.root) ?? cbngComponent.root;
  const component = resolveComponent(root, 'cbng', 'train');
  const jobs = loadSettings(jobsSettingsSpec, { env, configDir: null, context: 'jobs' }).values;
  return enabledSteps(run, env).map((step) => {
    const spec = componentJobSpec({
      root,
      component,
      backend: 'kubernetes',
      settings: stepSettings(run, step, env),
      jobs,
      meshHome: meshHome(root, env),
      env: env as NodeJS.ProcessEnv,
    });
    return planKubernetesJob({ ...spec, name: stepJobName(run.targetName, step) }, jobs).job;
  });
}

/**
 * Runs one step of a run outside a registered run (a step job that is not the last): restores
 * the stored outputs of the steps it needs, runs it, stores its outputs and log.
 */
export async function runStepJob(
  run: StepJobRun,
  step: string,
  options: { env: Record<string, string | undefined>; output: Output },
): Promise<void> {
  const values = loadValues({ ...options.env, ...runSettings(run) });
  const folder = mkdtempSync(join(tmpdir(), 'cbng-step-'));
  try {
    await runSteps(
      cbngSteps({
        values,
        training: run.downloadTraining,
        trial: run.downloadTrial ?? '',
        componentRoot: cbngComponent.root,
      }),
      {
        folder,
        output: options.output,
        onlyStep: step,
        store: stepOutputStore(
          {
            ...values,
            ...(loadSettings(registrySettingsSpec, { env: options.env, configDir: null })
              .values as RegistrySettings),
          },
          meshHome(cbngComponent.root, options.env),
          run.targetName,
          run.instanceName,
        ),
      },
    ).catch((error: unknown) => {
      throw explainMissingOutputs(
        error,
        meshHome(cbngComponent.root, options.env),
        run.targetName,
        run.instanceName,
      );
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
