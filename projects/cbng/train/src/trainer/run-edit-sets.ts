import { Output } from '@mesh/output';
import { runComponent } from '@mesh/pipeline';
import { cbngComponent } from '../component';
import { commandLine, planRuns, type PlannedRun } from './plan-runs';
import { ReviewApiClient, type ReviewApiOptions } from './review-api';

/** Options of {@link runEditSets}. */
export interface RunEditSetsOptions {
  /** Only these groups or targets (`--edit-set`, repeatable). Default: all. */
  only?: string[];
  /** Print the `run-edit-set` command lines and do nothing else. Default: false. */
  printOnly?: boolean;
  env?: Record<string, string | undefined>;
  output?: Output;
  now?: () => Date;
  api?: ReviewApiOptions;
}

/** Options of {@link runEditSet}: one run's flags. */
export interface RunEditSetOptions {
  targetName: string;
  instanceName: string;
  downloadTraining: string;
  downloadTrial?: string;
  /** Resume from this step, reusing the stored outputs of the steps before it. Default: run all. */
  fromStep?: string;
  env?: Record<string, string | undefined>;
  output?: Output;
}

/**
 * `cbng-trainer run-edit-set`: one run of the trainer's steps for a target and instance,
 * training on the `--download-training` dump and reporting on `--download-trial`. In this
 * process, or with `BACKEND=docker` each step in its own container ({@link runStepContainers}).
 */
export async function runEditSet(options: RunEditSetOptions): Promise<number> {
  const base = options.env ?? process.env;
  // A step job itself (ONLY_STEP) always runs here, whatever the backend that started it.
  if ((base.BACKEND || 'local') === 'docker' && !base.ONLY_STEP) {
    const output = options.output ?? new Output({ env: base });
    const { runStepContainers } = await import('./step-containers.js');
    try {
      await runStepContainers(options, {
        env: base,
        output,
        fromStep: options.fromStep,
        image: base.STEP_IMAGE || undefined,
        mountWorkspace: base.STEP_MOUNT_WORKSPACE === 'true',
      });
      output.info(
        `${options.targetName} (${options.instanceName}): every step container succeeded`,
      );
      return 0;
    } catch (error) {
      output.error((error as Error).message);
      return 1;
    }
  }
  const env = {
    ...base,
    TARGET_NAME: options.targetName,
    INSTANCE_NAME: options.instanceName,
    TRAINING_DATA_URI: options.downloadTraining,
    TRIAL_DATA_URI: options.downloadTrial ?? '',
    USE_SAMPLE_DATA: 'false',
    ...(options.fromStep ? { FROM_STEP: options.fromStep } : {}),
  };
  return runComponent(cbngComponent, { env, output: options.output });
}

/**
 * `cbng-trainer run-edit-sets`: discovers the edit groups from `REVIEW_API_URL`, plans one run
 * per group ({@link planRuns}) and runs them, `RUN_CONCURRENCY` targets at a time (the runs of
 * one target one after the other). Returns 0 when every run succeeded, else 1.
 */
export async function runEditSets(options: RunEditSetsOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const output = options.output ?? new Output({ env });
  const base = env.REVIEW_API_URL;
  if (!base) {
    output.error(
      'REVIEW_API_URL is not set: set it to the review interface, e.g. http://localhost:8000',
    );
    return 2;
  }
  const backend = env.BACKEND || 'local';
  if (backend !== 'local' && backend !== 'docker') {
    output.error(
      `BACKEND=${backend}: run-edit-sets runs on the local backend or, each step its own container, the docker one (BACKEND=docker); print a run's Kubernetes Jobs with run-edit-set --dry-run`,
    );
    return 2;
  }
  const concurrency = Number(env.RUN_CONCURRENCY || 2);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    output.error(`RUN_CONCURRENCY=${env.RUN_CONCURRENCY}: use a whole number of at least 1`);
    return 2;
  }
  const client = new ReviewApiClient(base, {
    onRetry: (message) => output.warn(message),
    ...options.api,
  });
  const groups = await client.editGroups();
  const plan = planRuns(groups, {
    now: (options.now ?? (() => new Date()))(),
    dumpUrl: (id) => client.dumpUrl(id),
    only: options.only,
  });
  for (const note of plan.notes) output.info(note);
  if (options.printOnly) {
    for (const run of plan.runs) output.result(commandLine(run));
    return 0;
  }
  if (plan.runs.length === 0) {
    output.warn('No edit groups to train on');
    return 0;
  }
  const byTarget = new Map<string, PlannedRun[]>();
  for (const run of plan.runs)
    byTarget.set(run.targetName, [...(byTarget.get(run.targetName) ?? []), run]);
  const queue = [...byTarget.values()];
  const results: { run: PlannedRun; code: number }[] = [];
  const worker = async () => {
    for (let runs = queue.shift(); runs; runs = queue.shift()) {
      for (const run of runs) {
        output.info(`Starting ${commandLine(run)}`);
        const code = await runEditSet({
          targetName: run.targetName,
          instanceName: run.instanceName,
          downloadTraining: run.downloadTraining,
          downloadTrial: run.downloadTrial,
          env,
          output,
        });
        results.push({ run, code });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  const failed = results.filter((result) => result.code !== 0);
  for (const { run, code } of failed)
    output.error(
      `${run.targetName} (${run.group.name}, ${run.instanceName}) failed with exit code ${code}`,
    );
  output.info(`${results.length - failed.length} of ${results.length} runs succeeded`);
  return failed.length > 0 ? 1 : 0;
}
