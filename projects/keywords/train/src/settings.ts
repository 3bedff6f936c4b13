import { bool, int, intRange, listOf, numberIn, str } from '@mesh/settings';
import { LANGUAGES } from './text/languages';

/**
 * The settings of keywords/train, each resolved from the environment, then
 * `config/<ENVIRONMENT>.env`, then the default given here.
 */
export const settingsSpec = {
  TRAINING_DATA_URI: str({
    desc: 'Training corpus, JSONL (or .jsonl.gz) with id, lang, text: a path relative to the component folder, a file:// URL or an http(s):// URL',
    default: 'data/corpus.jsonl',
    example: 'https://data.example.org/keywords/corpus.jsonl.gz',
  }),
  EVAL_DATA_URI: str({
    desc: 'Labelled evaluation set, JSONL with id, lang, text, keyphrases; same forms as TRAINING_DATA_URI',
    default: 'data/eval.jsonl',
  }),
  VALIDATION_DATA_URI: str({
    desc: 'Labelled validation set (same format as EVAL_DATA_URI) the candidate settings and the ranker are chosen on; empty: VALIDATION_FRACTION of the training documents that carry keyphrases',
    default: '',
  }),
  VALIDATION_FRACTION: numberIn({ min: 0.05, max: 0.5 })({
    desc: 'Share of the labelled training documents held out (seeded) for choosing settings when VALIDATION_DATA_URI is empty',
    default: 0.2,
  }),
  SEED: int()({ desc: 'Seed of the validation split', default: 1 }),
  TUNE: bool({
    desc: 'Choose KEYPHRASE_NGRAM_RANGE, CUTOFF_POSITION and MIN_PHRASE_FREQUENCY on the validation data from a small grid (the configured values included); false keeps them as set',
    default: true,
  }),
  CANDIDATES: str({
    desc: "Candidate phrases: 'ngrams' (every n-gram of content words) or 'noun-phrases' (adjectives* nouns+ by part-of-speech tags; nouns+ adjectives* in Spanish)",
    choices: ['ngrams', 'noun-phrases'],
    default: 'ngrams',
  }),
  SAMPLE_INPUTS_URI: str({
    desc: 'Sample documents whose predictions are stored as the test files of the model',
    default: 'data/samples.jsonl',
  }),
  KEYPHRASE_NGRAM_RANGE: intRange({ min: 1, max: 6 })({
    desc: 'Shortest and longest keyphrase in words, as [low,high]',
    default: [1, 3] as const,
    example: '[1,3]',
  }),
  STOP_WORDS: str({
    desc: "Stop words that bound phrases: 'auto' (the text's language), 'none', or a language code",
    choices: ['auto', 'none', ...LANGUAGES],
    default: 'auto',
  }),
  TOP_N: int({ min: 1, max: 100 })({
    desc: 'Keyphrases returned per document, and k of the F1@k evaluation',
    default: 10,
    example: '10',
  }),
  LANGUAGES: listOf(LANGUAGES)({
    desc: `Languages to learn statistics for, comma-separated, from ${LANGUAGES.join(', ')}; default: the languages of the training corpus`,
    default: [] as string[],
    example: 'en,de',
  }),
  CUTOFF_POSITION: int({ min: 1 })({
    desc: 'Phrases first seen after this many words are ignored (KP-Miner CutOff)',
    default: 400,
  }),
  MIN_PHRASE_FREQUENCY: int({ min: 1 })({
    desc: 'Phrases seen fewer times in a document are ignored (KP-Miner lasf)',
    default: 1,
  }),
  MIN_F1: numberIn({ min: 0, max: 1 })({
    desc: 'An absolute floor on top of the relative quality gate: when above 0, the run fails, and nothing is kept, if the evaluation F1 is below it',
    default: 0,
  }),
};

export type KeywordsSettingsSpec = typeof settingsSpec;

/** The data shipped in `data/`: what a run reads instead of its data URIs when USE_SAMPLE_DATA=true. */
export const SAMPLE_DATA = {
  training: 'data/corpus.jsonl',
  evaluation: 'data/eval.jsonl',
} as const;

/**
 * The training and evaluation data a run reads: the shipped sample data when USE_SAMPLE_DATA
 * is true (pull-request CI), else TRAINING_DATA_URI and EVAL_DATA_URI.
 */
export function dataUris(values: {
  TRAINING_DATA_URI: string;
  EVAL_DATA_URI: string;
  USE_SAMPLE_DATA: boolean;
}): { training: string; evaluation: string } {
  return values.USE_SAMPLE_DATA
    ? { ...SAMPLE_DATA }
    : { training: values.TRAINING_DATA_URI, evaluation: values.EVAL_DATA_URI };
}
