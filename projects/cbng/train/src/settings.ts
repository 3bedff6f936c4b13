import { fileApiSettingsSpec } from '@mesh/registry';
import { EnvError, int, makeValidator, str } from '@mesh/settings';

/** A number within [min, max]: `bounded(0, 1)({ desc, default })`. */
function bounded(min: number, max: number) {
  return makeValidator<number>((input) => {
    const value = Number(input.trim());
    if (input.trim() === '' || !Number.isFinite(value))
      throw new EnvError(`${JSON.stringify(input)} is not a number`);
    if (value < min || value > max) throw new EnvError(`${value} is outside [${min}, ${max}]`);
    return value;
  });
}

/** The settings of cbng-train: environment, then config/<ENVIRONMENT>.env, then these defaults. */
export const settingsSpec = {
  /** Where step outputs go, `<target>/<instance>/` in it: the store the file API serves. */
  FILE_API_STORE_URI: fileApiSettingsSpec.FILE_API_STORE_URI,
  TRAINING_DATA_URI: str({
    desc: 'Training edit set (<WPEditSet> XML, optionally .gz): a path relative to the component folder, file:// or http(s):// URL, e.g. a review API dump-editset URL',
    default: 'data/train.xml',
  }),
  TRIAL_DATA_URI: str({
    desc: 'Trial edit set scored for the trial report and the version metrics; empty for none',
    default: 'data/trial.xml',
  }),
  TARGET_NAME: str({
    desc: 'The edit group (target) trained on; names the run folder and the step jobs',
    default: 'Sample edits',
  }),
  INSTANCE_NAME: str({
    desc: 'This run of the target, UTC time "%Y-%m-%d %H:%M:%S"; empty means the start time',
    default: '',
  }),
  FROM_STEP: str({
    desc: 'Resume the run of TARGET_NAME/INSTANCE_NAME from this step, reusing the stored outputs of the steps before it; empty runs every step',
    default: '',
  }),
  ONLY_STEP: str({
    desc: 'Run only this step (a step job): restore the stored outputs of the steps it needs, run it, store its outputs; the last step also registers the version',
    default: '',
  }),
  ENSEMBLE_SIZE: int({ min: 1, max: 50 })({
    desc: 'Networks trained (seeds SEED, SEED+7919, ...) whose logits are averaged: steadier scores across seeds',
    default: 5,
  }),
  HIDDEN_UNITS: int({ min: 1, max: 10_000 })({ desc: 'Hidden units of the network', default: 100 }),
  MAX_EPOCHS: int({ min: 1 })({
    desc: 'Most epochs; training stops earlier when the validation loss stops improving',
    default: 200,
  }),
  LEARNING_RATE: bounded(1e-7, 1)({ desc: 'Adam step size', default: 0.002 }),
  BATCH_SIZE: int({ min: 1 })({ desc: 'Edits per gradient step', default: 64 }),
  L2: bounded(0, 1)({ desc: 'L2 penalty on the network weights', default: 0.001 }),
  VALIDATION_FRACTION: bounded(
    0,
    0.9,
  )({
    desc: 'Share of the training edits held out for early stopping',
    default: 0.2,
  }),
  PATIENCE: int({ min: 1 })({
    desc: 'Epochs without a better validation loss before training stops',
    default: 20,
  }),
  WEIGHT_AVERAGE_EPOCHS: bounded(
    0,
    1000,
  )({
    desc: 'Each network keeps a moving average of its weights over about this many epochs and is validated, stopped and saved on it; 0 = the weights of the last step (measured: 3 cost about 4 points of detection at 1% FP without narrowing the seed spread)',
    default: 0,
  }),
  TARGET_MSE: bounded(
    0,
    1,
  )({
    desc: 'Also stop when the validation MSE reaches this (the original stopped at 0.037); 0 = off',
    default: 0,
  }),
  SEED: int()({ desc: 'Seed of the weights, the splits and the batch order', default: 1 }),
  BAYES_FOLDS: int({ min: 2, max: 20 })({
    desc: 'Folds of the cross-fitted Bayes scores the network is trained on',
    default: 5,
  }),
  BAYES_MIN_EDITS: int({ min: 1 })({
    desc: 'Bayes databases drop tokens seen in fewer edits',
    default: 3,
  }),
  BAYES_MIN_DEVIATION: bounded(
    0,
    0.5,
  )({
    desc: 'Bayes databases drop tokens whose vandal-ness is within this of 0.5',
    default: 0.15,
  }),
  BAYES_STRONGEST_TOKENS: int({ min: 1 })({
    desc: 'Strongest tokens combined into an edit’s Bayes score',
    default: 20,
  }),
  REPORT_THRESHOLD: bounded(
    0,
    1,
  )({
    desc: 'Fixed threshold of the trial report (false positives and negatives listed at it)',
    default: 0.85,
  }),
  MAX_FALSE_POSITIVE_RATE: bounded(
    0,
    1,
  )({
    desc: 'The trial report searches the lowest threshold keeping false positives at or below this rate (0.0001 = 0.01%)',
    default: 0.0001,
  }),
  MAX_AUC_DROP: bounded(
    0,
    1,
  )({
    desc: 'Quality gate: the run fails if the trial ROC-AUC is more than this below the best baseline the run computes (Bayes score alone, user metadata alone)',
    default: 0.02,
  }),
};

export type CbngSettingsSpec = typeof settingsSpec;

/** The data shipped in data/: what a run reads instead of its data URIs when USE_SAMPLE_DATA=true. */
export const SAMPLE_DATA = { training: 'data/train.xml', trial: 'data/trial.xml' } as const;

/** The data a run reads: the shipped sample data when USE_SAMPLE_DATA is true (pull-request CI), else the URIs. */
export function dataUris(values: {
  TRAINING_DATA_URI: string;
  TRIAL_DATA_URI: string;
  USE_SAMPLE_DATA: boolean;
}): { training: string; trial: string } {
  return values.USE_SAMPLE_DATA
    ? { ...SAMPLE_DATA }
    : { training: values.TRAINING_DATA_URI, trial: values.TRIAL_DATA_URI };
}

/** The instance name of a run: `%Y-%m-%d %H:%M:%S` in UTC. */
export function instanceName(now: Date): string {
  return now.toISOString().slice(0, 19).replace('T', ' ');
}
