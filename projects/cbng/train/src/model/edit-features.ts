import type { WPEdit } from '../edit-set/wp-edit';
import type { BayesDatabase, BayesScore } from '../features/bayes-db';
import { diffEdit } from '../features/diff';
import { logScale, METADATA_FEATURES, metadataFeatures } from '../features/metadata';

/** What the model keeps of one edit: its Bayes tokens and metadata vector, not its texts. */
export interface EditFeatures {
  id: string;
  /** The label, when the edit has one. */
  isVandalism?: boolean;
  /** Distinct added words (the main Bayes database's tokens). */
  words: string[];
  /** Distinct added word pairs (the second Bayes database's tokens). */
  pairs: string[];
  metadata: number[];
}

/** Reduces an edit to its {@link EditFeatures}: the diff is computed once, the texts dropped. */
export function extractFeatures(edit: WPEdit): EditFeatures {
  const diff = diffEdit(edit.previous.text, edit.current.text);
  return {
    id: edit.editId,
    isVandalism: edit.isVandalism,
    words: [...new Set(diff.addedWords)],
    pairs: [...new Set(diff.addedPairs)],
    metadata: metadataFeatures(edit, diff),
  };
}

/** Names of the network's inputs, in order. */
export const INPUT_NAMES = [
  ...METADATA_FEATURES,
  'main_bayes_score',
  'main_bayes_log_odds',
  'main_bayes_matched',
  'two_bayes_score',
  'two_bayes_log_odds',
  'two_bayes_matched',
] as const;

/** The network's input vector: metadata, then both Bayes scores, every value in [0, 1]. */
export function networkInput(features: EditFeatures, main: BayesScore, two: BayesScore): number[] {
  return [...features.metadata, ...bayesInputs(main), ...bayesInputs(two)];
}

function bayesInputs(score: BayesScore): number[] {
  return [score.score, 0.5 + 0.5 * Math.tanh(score.logOdds / 10), logScale(score.matched, 100)];
}

/** Scores an edit's tokens against both databases. */
export function bayesScores(
  features: EditFeatures,
  main: BayesDatabase,
  two: BayesDatabase,
): { main: BayesScore; two: BayesScore } {
  return { main: main.score(features.words), two: two.score(features.pairs) };
}
