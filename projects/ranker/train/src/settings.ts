import { bool, int, num, str } from '@mesh/settings';

/** The settings of ranker/train: environment, then config/<ENVIRONMENT>.env, then these defaults. */
export const settingsSpec = {
  TRAINING_DATA_URI: str({
    desc: 'Training data: snapshot files (JSONL, JSONL.gz, or a SQLite snapshot database, gzipped or not), comma-separated; or one SVMlight/LETOR file with DATA_FORMAT=svmlight. Paths relative to the component folder, file:// or http(s):// URLs',
    default: 'data/snapshots.jsonl.gz',
    example: '/var/lib/smoothtask/snapshots.jsonl,/var/lib/smoothtask/snapshots-1.db.gz',
  }),
  EVAL_DATA_URI: str({
    desc: 'Labelled evaluation data in the same format, whose metrics the run reports and gates on; empty: the validation snapshots held out of the training data',
    default: 'data/eval.jsonl.gz',
  }),
  DATA_FORMAT: str({
    desc: "Input format: 'snapshots' (the daemon's JSONL/SQLite) or 'svmlight' (`<rel> qid:<q> <i>:<v> ...`)",
    choices: ['snapshots', 'svmlight'],
    default: 'snapshots',
  }),
  ITERATIONS: int({ min: 1, max: 100000 })({
    desc: 'Boosting rounds (trees), at most',
    default: 500,
  }),
  DEPTH: int({ min: 1, max: 16 })({ desc: 'Depth of every tree', default: 6 }),
  LEARNING_RATE: num({ desc: 'Shrinkage of every tree', default: 0.1 }),
  SEED: int({ min: 0 })({ desc: 'Seed of the validation split', default: 42 }),
  EARLY_STOPPING_ROUNDS: int({ min: 0 })({
    desc: 'Stop after this many rounds without a better validation NDCG@EVAL_AT (0: never)',
    default: 50,
  }),
  VALIDATION_FRACTION: num({
    desc: 'Share of the training queries (snapshots) held out for validation and early stopping',
    default: 0.2,
  }),
  EVAL_AT: int({ min: 1 })({
    desc: 'k of the validation NDCG@k used for early stopping',
    default: 10,
  }),
  MAX_BINS: int({ min: 2, max: 256 })({ desc: 'Histogram bins per feature', default: 256 }),
  L2_LEAF_REG: num({ desc: 'L2 penalty on leaf values', default: 1 }),
  RELEVANCE_LEVELS: int({ min: 2, max: 31 })({
    desc: 'Grades real-valued targets (teacher_score) are mapped onto for NDCG',
    default: 5,
  }),
  MIN_SNAPSHOTS: int({ min: 0 })({ desc: 'Data gate: fewest snapshots', default: 1 }),
  MIN_PROCESSES: int({ min: 0 })({ desc: 'Data gate: fewest processes', default: 10 }),
  MIN_GROUPS: int({ min: 0 })({ desc: 'Data gate: fewest app groups', default: 1 }),
  MIN_MARGIN_OVER_BASELINES: num({
    desc: 'Quality gate: NDCG@5 on the evaluation data must beat the random order by this much, and every other baseline at all, or the run fails and nothing is kept',
    default: 0.05,
  }),
  EXPORT_ONNX: bool({
    desc: 'Also export model.onnx (checked against the JSON model with onnxruntime)',
    default: true,
  }),
};

export type RankerSettingsSpec = typeof settingsSpec;

/** The data shipped in data/: what a run reads instead of its data URIs when USE_SAMPLE_DATA=true. */
export const SAMPLE_DATA = {
  training: 'data/snapshots.jsonl.gz',
  evaluation: 'data/eval.jsonl.gz',
} as const;

/** The data a run reads: the shipped sample data when USE_SAMPLE_DATA is true (pull-request CI), else the URIs. */
export function dataUris(values: {
  TRAINING_DATA_URI: string;
  EVAL_DATA_URI: string;
  USE_SAMPLE_DATA: boolean;
}): { training: string[]; evaluation: string[] } {
  const split = (value: string) =>
    value
      .split(',')
      .map((uri) => uri.trim())
      .filter(Boolean);
  return values.USE_SAMPLE_DATA
    ? { training: [SAMPLE_DATA.training], evaluation: [SAMPLE_DATA.evaluation] }
    : { training: split(values.TRAINING_DATA_URI), evaluation: split(values.EVAL_DATA_URI) };
}
