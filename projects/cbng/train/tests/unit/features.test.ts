import { BayesDatabase } from '../../src/features/bayes-db';
import { changedRegion, diffEdit, multisetDifference, tokenize } from '../../src/features/diff';
import {
  isAnonymous,
  logScale,
  longestRepeat,
  metadataFeatures,
  METADATA_FEATURES,
} from '../../src/features/metadata';
import { syntheticEdits } from '../../src/edit-set/synthetic';

describe('diff', () => {
  it('finds added and removed words and pairs', () => {
    const diff = diffEdit('The river is long.', 'The river is very LONG and wide.');
    expect(diff.addedWords.sort()).toEqual(['and', 'very', 'wide']);
    expect(diff.removedWords).toEqual([]);
    expect(diff.addedPairs.sort()).toEqual(['and wide', 'is very', 'long and', 'very long']);
    expect(diff.removedPairs).toEqual(['is long']);
    expect(tokenize("Don't stop, 2024!")).toEqual(["don't", 'stop', '2024']);
    expect(multisetDifference(['a', 'a', 'b'], ['a', 'c'])).toEqual({
      added: ['c'],
      removed: ['a', 'b'],
    });
  });

  it('cuts the common prefix and suffix off the changed region', () => {
    expect(changedRegion('abc XYZ def', 'abc hello def')).toEqual({
      inserted: 'hello',
      deleted: 'XYZ',
    });
    expect(changedRegion('', 'new page')).toEqual({ inserted: 'new page', deleted: '' });
  });
});

describe('BayesDatabase', () => {
  // 3 vandal and 3 legit edits; tokens: a only in vandalism, b mostly legit, c rare.
  const database = BayesDatabase.empty();
  database.add(['a', 'b'], true);
  database.add(['a'], true);
  database.add(['a', 'a'], true);
  database.add(['b'], false);
  database.add(['b', 'c'], false);
  database.add(['c'], false);
  database.prune();

  it('prunes tokens seen in fewer than 3 edits or near 0.5', () => {
    expect(database.toJSON().tokens).toEqual({ a: [0, 3], b: [2, 1] });
    const near = BayesDatabase.empty();
    for (const label of [true, false, true, false]) near.add(['x'], label);
    expect(near.prune().size).toBe(0);
  });

  it('combines corrected probabilities (4·0.5 + n·p)/(4 + n), by hand', () => {
    // a: p = 1, n = 3 -> 5/7; b: p = (1/3)/(2/3 + 1/3) = 1/3, n = 3 -> 3/7.
    // Combined: (5/7 · 3/7) / (5/7 · 3/7 + 2/7 · 4/7) = 15/23.
    const score = database.score(['a', 'b', 'unknown']);
    expect(score.score).toBeCloseTo(15 / 23, 12);
    expect(score.logOdds).toBeCloseTo(Math.log(15 / 8), 12);
    expect(score.matched).toBe(2);
    expect(database.score(['unknown'])).toEqual({ score: 0.5, logOdds: 0, matched: 0 });
  });

  it('uses only the 20 strongest tokens', () => {
    const many = BayesDatabase.empty();
    for (let k = 0; k < 5; k++)
      many.add(['strong', ...Array.from({ length: 30 }, (_, j) => `w${j}`)], true);
    for (let k = 0; k < 5; k++) many.add(['w0'], false);
    many.prune();
    const limited = BayesDatabase.fromJSON(many.toJSON(), { strongestTokens: 1 });
    // Only "strong" (p = 1, n = 5 -> 7/9) counts.
    expect(limited.score(['strong', 'w0']).score).toBeCloseTo(7 / 9, 12);
  });

  it('reloads what it saves', () => {
    const copy = BayesDatabase.fromJSON(JSON.parse(JSON.stringify(database)));
    expect(copy.score(['a', 'b'])).toEqual(database.score(['a', 'b']));
  });
});

describe('metadata features', () => {
  it('are all in [0, 1], one per name', () => {
    for (const edit of syntheticEdits(200, 3)) {
      const features = metadataFeatures(edit, diffEdit(edit.previous.text, edit.current.text));
      expect(features).toHaveLength(METADATA_FEATURES.length);
      for (const value of features) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
  });

  it('recognise anonymous users, repeats and log scales', () => {
    expect(isAnonymous('10.0.0.1')).toBe(true);
    expect(isAnonymous('2001:db8::1')).toBe(true);
    expect(isAnonymous('Jimbo Wales')).toBe(false);
    expect(longestRepeat('heeeeey')).toBe(5);
    expect(logScale(0, 10)).toBe(0);
    expect(logScale(10, 10)).toBe(1);
    expect(logScale(1e9, 10)).toBe(1);
  });
});
