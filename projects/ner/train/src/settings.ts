import { bool, int, num, str } from '@mesh/settings';

/**
 * The settings of ner/train, each resolved from the environment, then
 * `config/<ENVIRONMENT>.env`, then the default given here.
 */
export const settingsSpec = {
  TRAINING_DATA_URI: str({
    desc: 'Tagged training sentences: CoNLL columns (token first, tag last, blank line between sentences) or JSONL {"tokens","tags"} when the name ends in .jsonl; plain or .gz; a path relative to the component folder, a file:// or an http(s):// URL',
    default: 'data/train.conll',
    example: 'https://data.example.org/ner/train.txt.gz',
  }),
  VALIDATION_DATA_URI: str({
    desc: 'Tagged sentences that choose the number of epochs (early stopping on entity F1); same forms as TRAINING_DATA_URI. Empty: hold out HOLDOUT of the training sentences, then retrain on all of them',
    default: '',
  }),
  EVAL_DATA_URI: str({
    desc: 'Tagged sentences the model is scored on (conlleval entity F1); same forms as TRAINING_DATA_URI',
    default: 'data/eval.conll',
  }),
  SAMPLE_INPUTS_URI: str({
    desc: 'Sample inputs, JSONL {"text"} or {"tokens"}, whose predictions are stored as the test files of the model',
    default: 'data/samples.jsonl',
  }),
  TAG_COLUMN: int()({
    desc: 'Column of the entity tag in CoNLL files, 0-based; negative counts from the end (-1: the last column)',
    default: -1,
  }),
  MAX_EPOCHS: int({ min: 1, max: 200 })({
    desc: 'Most passes of the perceptron over the training data',
    default: 30,
  }),
  PATIENCE: int({ min: 1 })({
    desc: 'Epochs without a better validation F1 before training stops',
    default: 3,
  }),
  MIN_FEATURE_COUNT: int({ min: 1 })({
    desc: 'Features seen fewer times in the training data are dropped',
    default: 1,
  }),
  HOLDOUT: num({
    desc: 'Share of the training sentences held out to choose the epochs when VALIDATION_DATA_URI is empty',
    default: 0.1,
  }),
  WORD_CLUSTERS: bool({
    desc: 'Learn hierarchical word clusters from the training text (no labels) and use them as features',
    default: true,
  }),
  SEED: int()({ desc: 'Seed of the shuffling and the hold-out split', default: 1 }),
  MIN_F1_GAIN: num({
    desc: 'Quality gate: the run fails, and nothing is kept, unless the eval entity F1 beats the most-frequent-tag-per-word baseline the run computes by at least this much',
    default: 0,
  }),
};

export type NerSettingsSpec = typeof settingsSpec;

/** The data shipped in data/: what a run reads instead of its data URIs when USE_SAMPLE_DATA=true. */
export const SAMPLE_DATA = {
  training: 'data/train.conll',
  validation: '',
  evaluation: 'data/eval.conll',
} as const;

/** The data a run reads: the shipped sample data when USE_SAMPLE_DATA is true (pull-request CI), else the URIs. */
export function dataUris(values: {
  TRAINING_DATA_URI: string;
  VALIDATION_DATA_URI: string;
  EVAL_DATA_URI: string;
  USE_SAMPLE_DATA: boolean;
}): { training: string; validation: string; evaluation: string } {
  return values.USE_SAMPLE_DATA
    ? { ...SAMPLE_DATA }
    : {
        training: values.TRAINING_DATA_URI,
        validation: values.VALIDATION_DATA_URI,
        evaluation: values.EVAL_DATA_URI,
      };
}
