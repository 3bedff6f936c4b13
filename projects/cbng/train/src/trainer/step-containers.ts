import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  componentImage,
  componentJobSpec,
  defaultBackends,
  jobsSettingsSpec,
  SecretScrubber,
  type JobBackend,
  type JobSpec,
} from '@mesh/jobs';
import type { Output } from '@mesh/output';
import {
  findWorkspaceRoot,
  meshHome,
  runSteps,
  stepJobName,
  type StepDefinition,
  type StepRecord,
} from '@mesh/pipeline';
import { DEJAVU_FONT_FILES } from '@mesh/report';
import { registrySettingsSpec, type RegistrySettings } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { resolveComponent } from '@mesh/workspace';
import { cbngComponent } from '../component';
import { settingsSpec } from '../settings';
import { stepOutputStore } from '../steps';
import { runStepOrder, stepSettings, type StepJobRun } from './step-jobs';

/** Options of {@link planStepContainers}. */
export interface StepContainerOptions {
  /**
   * The image every step runs in. Default: the cbng image, `cbng-train:<IMAGE_TAG or dev>`
   * (`make projects.build/cbng COMPONENT=train`); with `mountWorkspace`, `mesh/node-base:latest`.
   */
  image?: string;
  /**
   * Run the workspace's compiled `dist` (mounted read-only at its own path) with the image's
   * Node instead of the image's own copy: steps of a checkout without building the cbng image.
   * Default: false.
   */
  mountWorkspace?: boolean;
  /** The run's mesh home, mounted into every step (its model store and registry). Default: `MESH_HOME` or the workspace's `.mesh`. */
  meshHome?: string;
}

/** One step of a run as a container: the step, the steps it waits for, the job. */
export interface StepContainer {
  step: string;
  needs: string[];
  spec: JobSpec;
}

/** A step's container did not succeed. */
export class StepContainerError extends Error {
  constructor(
    readonly container: string,
    detail: string,
  ) {
    super(
      `container ${container} ${detail}; its output is in logs/containers/ of the run's stored outputs`,
    );
    this.name = this.constructor.name;
  }
}

/**
 * The containers of one run on the docker backend, one per step, named `<target>-<step>`: each
 * runs `cbng-trainer run-edit-set ... --only-step <step>` with the run's mesh home mounted at
 * the same place, so each restores the outputs the steps before it stored and stores its own;
 * the last one registers the version. Secret settings go in `spec.secrets` only. A plan:
 * nothing is started.
 */
export function planStepContainers(
  run: StepJobRun,
  env: Record<string, string | undefined> = process.env,
  options: StepContainerOptions = {},
): StepContainer[] {
  const root = findWorkspaceRoot(cbngComponent.root) ?? cbngComponent.root;
  const component = resolveComponent(root, 'cbng', 'train');
  const jobs = loadSettings(jobsSettingsSpec, { env, configDir: null, context: 'jobs' }).values;
  const home = options.meshHome ?? meshHome(root, env);
  const image =
    options.image ??
    (options.mountWorkspace
      ? 'mesh/node-base:latest'
      : componentImage(component, 'docker', jobs, env as NodeJS.ProcessEnv));
  return runStepOrder(run, env).map(({ name: step, needs }) => {
    const spec = componentJobSpec({
      root,
      component,
      backend: 'docker',
      settings: stepSettings(run, step, env),
      jobs,
      meshHome: home,
      env: env as NodeJS.ProcessEnv,
      image,
      jobName: stepJobName(run.targetName, step),
    });
    spec.name = stepJobName(run.targetName, step);
    // The image's working directory is /app, where the image keeps the workspace's packages.
    const cli = options.mountWorkspace
      ? join(component.root, 'dist', 'trainer', 'cli.js')
      : 'projects/cbng/train/dist/trainer/cli.js';
    spec.args = ['node', cli, 'run-edit-set', ...stepFlags(run, step, spec)];
    if (options.mountWorkspace) {
      spec.docker = {
        ...spec.docker,
        binds: [...(spec.docker?.binds ?? []), `${root}:${root}:ro`, ...fontBinds()],
      };
    }
    return { step, needs, spec };
  });
}

/** Options of {@link runStepContainers}. */
export interface RunStepContainersOptions extends StepContainerOptions {
  env?: Record<string, string | undefined>;
  output: Output;
  /** Where the containers run. Default: the docker backend of `@mesh/jobs` (`DOCKER_HOST` or the local socket). */
  backend?: JobBackend;
  /** Stops the running containers when aborted. */
  signal?: AbortSignal;
  /** Resume: start from this step, the ones before it reused from the stored outputs. Default: all. */
  fromStep?: string;
}

/**
 * Runs a run's steps each in its own container ({@link planStepContainers}): in order, the
 * independent ones concurrently, stopping at the first failure (through `runSteps`, as the
 * local runner does). Each container's output is kept as `logs/containers/<step>.log` beside
 * the step's own log in the run's stored outputs. Resolves with the step records; throws a
 * `StepFailedError` naming the step that failed.
 */
export async function runStepContainers(
  run: StepJobRun,
  options: RunStepContainersOptions,
): Promise<StepRecord[]> {
  const env = options.env ?? process.env;
  const root = findWorkspaceRoot(cbngComponent.root) ?? cbngComponent.root;
  const home = options.meshHome ?? meshHome(root, env);
  const plan = planStepContainers(run, env, { ...options, meshHome: home });
  const backend =
    options.backend ??
    defaultBackends({
      settings: loadSettings(jobsSettingsSpec, { env, configDir: null, context: 'jobs' }).values,
      meshHome: home,
      env: env as NodeJS.ProcessEnv,
    }).docker;
  const signal = options.signal ?? new AbortController().signal;
  const values = loadSettings(
    { ...registrySettingsSpec, FILE_API_STORE_URI: settingsSpec.FILE_API_STORE_URI },
    { env, configDir: null, context: 'cbng-train' },
  ).values as RegistrySettings & { FILE_API_STORE_URI: string };
  const store = stepOutputStore(values, home, run.targetName, run.instanceName);
  const folder = mkdtempSync(join(tmpdir(), 'cbng-step-containers-'));
  const steps: StepDefinition[] = plan.map(({ step, needs, spec }) => ({
    name: step,
    needs,
    outputs: [],
    run: async (context) => {
      const scrubber = new SecretScrubber([
        ...Object.values(spec.secrets),
        ...(spec.secretValues ?? []),
      ]);
      context.log(`Container ${spec.name} of ${spec.image}`);
      const outcome = await backend.run({
        spec,
        signal,
        log: (_stream, line) => context.log(scrubber.scrub(line)),
        externalId: () => undefined,
        status: () => undefined,
      });
      if (outcome.status !== 'succeeded')
        throw new StepContainerError(
          spec.name,
          outcome.error ?? `ended ${outcome.status} (exit code ${outcome.exitCode ?? 'none'})`,
        );
    },
  }));
  try {
    return await runSteps(steps, {
      folder,
      output: options.output,
      fromStep: options.fromStep,
      secrets: plan.flatMap(({ spec }) => [
        ...Object.values(spec.secrets),
        ...(spec.secretValues ?? []),
      ]),
    });
  } finally {
    for (const { step } of plan) {
      const log = join(folder, 'logs', `${step}.log`);
      if (existsSync(log) && statSync(log).size > 0)
        await store.save(`logs/containers/${step}.log`, log).catch(() => undefined);
    }
    rmSync(folder, { recursive: true, force: true });
  }
}

// The plots' fonts: the cbng image installs them; a bare base image borrows the host's.
function fontBinds(): string[] {
  const folders = new Set(DEJAVU_FONT_FILES.map((file) => dirname(file)));
  return [...folders]
    .filter((folder) => existsSync(folder))
    .map((folder) => `${folder}:${folder}:ro`);
}

/**
 * `run-edit-set`'s flags for one step. A value carrying a secret (a dump URL with a token) is
 * passed as a `$(MESH_SECRET_ARG_<n>)` reference to a secret variable, which the docker backend
 * expands only when it starts the container, so the plan never holds it in clear.
 */
function stepFlags(run: StepJobRun, step: string, spec: JobSpec): string[] {
  const flags: Array<[string, string | undefined]> = [
    ['target-name', run.targetName],
    ['instance-name', run.instanceName],
    ['download-training', run.downloadTraining],
    ['download-trial', run.downloadTrial],
    ['only-step', step],
  ];
  const secrets = spec.secretValues ?? [];
  let references = 0;
  return flags
    .filter((flag): flag is [string, string] => Boolean(flag[1]))
    .map(([name, value]) => {
      if (!secrets.some((secret) => value.includes(secret))) return `--${name}=${value}`;
      const reference = `MESH_SECRET_ARG_${references++}`;
      spec.secrets[reference] = value;
      return `--${name}=$(${reference})`;
    });
}
