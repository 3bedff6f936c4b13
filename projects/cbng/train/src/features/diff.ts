/** What an edit changed, as the features see it. */
export interface EditDiff {
  /** Words added (multiset difference current − previous), lower-cased. */
  addedWords: string[];
  removedWords: string[];
  /** Adjacent word pairs added ("w1 w2"), lower-cased. */
  addedPairs: string[];
  removedPairs: string[];
  /** The changed region of the current text (common prefix and suffix cut off). */
  insertedText: string;
  /** The changed region of the previous text. */
  deletedText: string;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The words of a text, lower-cased, in order. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}

/** Adjacent pairs of words. */
export function wordPairs(words: string[]): string[] {
  const pairs: string[] = [];
  for (let k = 1; k < words.length; k++) pairs.push(`${words[k - 1]} ${words[k]}`);
  return pairs;
}

/**
 * Diffs the previous and the current text of an edit: added and removed words and word pairs
 * by multiset difference (order-free, linear time even for whole articles), and the changed
 * character region for the character-class features.
 */
export function diffEdit(previous: string, current: string): EditDiff {
  const previousWords = tokenize(previous);
  const currentWords = tokenize(current);
  const words = multisetDifference(previousWords, currentWords);
  const pairs = multisetDifference(wordPairs(previousWords), wordPairs(currentWords));
  const region = changedRegion(previous, current);
  return {
    addedWords: words.added,
    removedWords: words.removed,
    addedPairs: pairs.added,
    removedPairs: pairs.removed,
    insertedText: region.inserted,
    deletedText: region.deleted,
  };
}

/** Items in `after` beyond their count in `before` (added), and the reverse (removed). */
export function multisetDifference(
  before: string[],
  after: string[],
): { added: string[]; removed: string[] } {
  const counts = new Map<string, number>();
  for (const item of after) counts.set(item, (counts.get(item) ?? 0) + 1);
  for (const item of before) counts.set(item, (counts.get(item) ?? 0) - 1);
  const added: string[] = [];
  const removed: string[] = [];
  for (const [item, count] of counts) {
    for (let k = 0; k < count; k++) added.push(item);
    for (let k = 0; k < -count; k++) removed.push(item);
  }
  return { added, removed };
}

/** The differing middle of two texts after cutting their common prefix and suffix. */
export function changedRegion(
  previous: string,
  current: string,
): { inserted: string; deleted: string } {
  let start = 0;
  const shorter = Math.min(previous.length, current.length);
  while (start < shorter && previous[start] === current[start]) start++;
  let end = 0;
  while (
    end < shorter - start &&
    previous[previous.length - 1 - end] === current[current.length - 1 - end]
  )
    end++;
  return {
    inserted: current.slice(start, current.length - end),
    deleted: previous.slice(start, previous.length - end),
  };
}
