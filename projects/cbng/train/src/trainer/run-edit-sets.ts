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
  env?: Record<string, string | undefined>;
  output?: Output;
}

/**
 * `cbng-trainer run-edit-set`: one run of the trainer's steps for a target and instance,
 * training on the `--download-training` dump and reporting on `--download-trial`.
 */
export function runEditSet(options: RunEditSetOptions): Promise<number> {
  const env = {
    ...(options.env ?? process.env),
    TARGET_NAME: options.targetName,
    INSTANCE_NAME: options.instanceName,
    TRAINING_DATA_URI: options.downloadTraining,
    TRIAL_DATA_URI: options.downloadTrial ?? '',
    USE_SAMPLE_DATA: 'false',
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
  if (backend !== 'local') {
    output.error(
      `BACKEND=${backend}: run-edit-sets runs on the local backend only in this version (unset BACKEND); each run can be submitted with mesh jobs submit cbng --set TARGET_NAME=... instead`,
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
