import { bool, int, intRange, list, makeValidator, num, str } from '@mesh/settings';
import { DATA_FORMATS, parseLabelMap } from './data/example';

const fraction = makeValidator<number>((input) => {
  const value = Number(input);
  if (!(value > 0 && value < 1))
    throw new Error(`${JSON.stringify(input)} is not a fraction between 0 and 1`);
  return value;
});

const positiveNumbers = makeValidator<number[]>((input) => {
  const values = input.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !(value > 0)))
    throw new Error(`${JSON.stringify(input)} is not a comma-separated list of positive numbers`);
  return values;
});

const wordOrders = makeValidator<number[]>((input) => {
  const values = input.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => ![1, 2, 3].includes(value)))
    throw new Error(`${JSON.stringify(input)} is not a list of longest word n-grams from 1, 2, 3`);
  return values;
});

const labelMap = makeValidator<Record<string, string>>((input) => parseLabelMap(input));

const minDf = makeValidator<number | 'auto'>((input) => {
  if (input.trim() === 'auto') return 'auto';
  if (!/^\d+$/.test(input.trim()) || Number(input) < 1)
    throw new Error(`${JSON.stringify(input)} is not "auto" or an integer >= 1`);
  return Number(input);
});

/**
 * The settings of sentiment/train, each resolved from the environment, then
 * `config/<ENVIRONMENT>.env`, then the default given here.
 */
export const settingsSpec = {
  TRAINING_DATA_URI: str({
    desc: 'Labelled training data: JSONL, TSV or CSV with a header, a <label>/*.txt folder tree or a .tar.gz of one (append #sub/folder to read part of an archive); a path relative to the component folder, file:// or http(s)://, plain or .gz',
    default: 'data/train.jsonl',
    example: 'https://data.example.org/reviews/train.tar.gz#reviews/train',
  }),
  EVAL_DATA_URI: str({
    desc: 'Labelled evaluation data, in the same forms as TRAINING_DATA_URI',
    default: 'data/eval.jsonl',
  }),
  VALIDATION_DATA_URI: str({
    desc: 'Labelled data for choosing n-grams and C; empty: a stratified VALIDATION_FRACTION of the training data is held out, then the model is refitted on all of it',
    default: '',
  }),
  SAMPLE_INPUTS_URI: str({
    desc: 'Sample texts (JSONL with text) whose predictions are stored as the test files of the model',
    default: 'data/samples.jsonl',
  }),
  DATA_FORMAT: str({
    desc: 'Format of the data files: auto (by the file name) or one of jsonl, tsv, csv, folder',
    choices: ['auto', ...DATA_FORMATS],
    default: 'auto',
  }),
  TEXT_FIELD: str({
    desc: 'Field or column holding the text; auto tries text, sentence, review, content, document, tweet',
    default: 'auto',
  }),
  LABEL_FIELD: str({
    desc: 'Field or column holding the label; auto tries label, sentiment, polarity, class, rating, score',
    default: 'auto',
  }),
  LABEL_MAP: labelMap({
    desc: 'Renames labels as read, e.g. 0=negative,1=positive; empty: labels as in the data',
    default: {},
    example: '0=negative,1=positive',
  }),
  IGNORE_LABELS: list({
    desc: 'Labels (or label folders) whose examples are skipped, e.g. unlabelled review folders',
    default: ['unsup'],
  }),
  VALIDATION_FRACTION: fraction({
    desc: 'Share of the training data held out (stratified, seeded) to choose hyperparameters when VALIDATION_DATA_URI is empty',
    default: 0.15,
  }),
  SEED: int()({ desc: 'Seed of the validation split', default: 13 }),
  C_GRID: positiveNumbers({
    desc: 'Inverse L2 regularisation strengths tried on the validation data',
    default: [0.1, 0.3, 1, 3],
    example: '0.1,0.3,1,3',
  }),
  WORD_NGRAMS: wordOrders({
    desc: 'Longest word n-grams tried on the validation data (word unigrams are always used)',
    default: [2, 3],
    example: '2,3',
  }),
  CHAR_NGRAMS: str({
    desc: 'Character n-grams within words: on, off, or auto (tried on the validation data when the training data has under 1.5 million tokens, off above)',
    choices: ['auto', 'on', 'off'],
    default: 'auto',
  }),
  CHAR_NGRAM_RANGE: intRange({ min: 1, max: 8 })({
    desc: 'Shortest and longest character n-gram, as [low,high]',
    default: [2, 5] as const,
  }),
  NEGATION: bool({
    desc: 'Mark the words in the scope of a negation (not, never, n’t ...) up to the next punctuation',
    default: true,
  }),
  HASH_BITS: int({ min: 16, max: 26 })({
    desc: 'The n-grams are hashed into 2^HASH_BITS columns',
    default: 24,
  }),
  MIN_DF: minDf({
    desc: 'Drop n-grams seen in fewer training documents; auto: 1 below 10,000 documents, else 2',
    default: 'auto' as const,
  }),
  MAX_ITERATIONS: int({ min: 1 })({
    desc: 'Epochs of dual coordinate descent per fit at most (the validation grid uses at most 40)',
    default: 100,
  }),
  GATE_TOLERANCE: num({
    desc: 'Quality gate: the run fails if the model scores below the unigram Naive Bayes baseline by more than this, or not above the majority class (accuracy for two labels, macro-F1 for more)',
    default: 0.02,
  }),
};

export type SentimentSettingsSpec = typeof settingsSpec;

/** The data shipped in data/: what a run reads instead of its data URIs when USE_SAMPLE_DATA=true. */
export const SAMPLE_DATA = { training: 'data/train.jsonl', evaluation: 'data/eval.jsonl' } as const;

/** The data a run reads: the shipped sample data when USE_SAMPLE_DATA is true (pull-request CI), else the URIs. */
export function dataUris(values: {
  TRAINING_DATA_URI: string;
  EVAL_DATA_URI: string;
  USE_SAMPLE_DATA: boolean;
}): { training: string; evaluation: string } {
  return values.USE_SAMPLE_DATA
    ? { ...SAMPLE_DATA }
    : { training: values.TRAINING_DATA_URI, evaluation: values.EVAL_DATA_URI };
}
