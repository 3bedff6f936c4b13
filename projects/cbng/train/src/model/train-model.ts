import { SeededRandom } from '@mesh/nn';
import { BayesDatabase, type BayesOptions } from '../features/bayes-db';
import { bayesScores, networkInput, type EditFeatures } from './edit-features';

/** Which tokens a Bayes database counts: added words (main) or added word pairs (two). */
export type BayesKind = 'words' | 'pairs';

/** Builds and prunes a Bayes database from labelled edits. */
export function buildBayesDatabase(
  edits: EditFeatures[],
  kind: BayesKind,
  options: Partial<BayesOptions> = {},
): BayesDatabase {
  const database = BayesDatabase.empty(options);
  for (const edit of edits) {
    if (edit.isVandalism === undefined) continue;
    database.add(kind === 'words' ? edit.words : edit.pairs, edit.isVandalism);
  }
  return database.prune();
}

/**
 * The network's training inputs, with each edit's Bayes scores taken from databases built
 * without it (k-fold cross-fitting). Scoring an edit against databases that counted its own
 * words makes the Bayes inputs look far more certain in training than on new edits, and the
 * network learns to trust them too much; the original trainer did that.
 */
export function crossFittedInputs(
  edits: EditFeatures[],
  folds: number,
  seed: number,
  options: Partial<BayesOptions> = {},
): number[][] {
  const fold = new SeededRandom(seed)
    .shuffle(edits.map((_, index) => index))
    .reduce((assigned, index, position) => {
      assigned[index] = position % folds;
      return assigned;
    }, new Array<number>(edits.length));
  const inputs = new Array<number[]>(edits.length);
  for (let k = 0; k < folds; k++) {
    const rest = edits.filter((_, index) => fold[index] !== k);
    const main = buildBayesDatabase(rest, 'words', options);
    const two = buildBayesDatabase(rest, 'pairs', options);
    edits.forEach((edit, index) => {
      if (fold[index] !== k) return;
      const scores = bayesScores(edit, main, two);
      inputs[index] = networkInput(edit, scores.main, scores.two);
    });
  }
  return inputs;
}
