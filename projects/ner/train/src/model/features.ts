/**
 * The token features of the tagger, in the tradition of feature-based CoNLL-2003 taggers
 * (Zhang & Johnson 2003; Ratinov & Roth 2009): the word, its lowercase form, prefixes and
 * suffixes up to 4 characters, word shape and short shape, capitalisation/digit/punctuation
 * flags, position in the sentence and the word's cluster; the same for the neighbours at -2..+2
 * (offset-tagged), plus word bigrams around the token. Tag bigrams are the tagger's transition
 * weights.
 */

/** Word shape: upper-case letters as X, lower-case as x, digits as d, others kept (`Mar-12` -> `Xxx-dd`). */
export function wordShape(word: string): string {
  let shape = '';
  for (const char of word.length > 20 ? word.slice(0, 20) : word) {
    if (char >= 'A' && char <= 'Z') shape += 'X';
    else if (char >= 'a' && char <= 'z') shape += 'x';
    else if (char >= '0' && char <= '9') shape += 'd';
    else if (char.toLowerCase() !== char) shape += 'X';
    else if (char.toUpperCase() !== char) shape += 'x';
    else shape += char;
  }
  return shape;
}

/** Short shape: runs of one shape character collapsed (`Xxx-dd` -> `Xx-d`). */
export function shortShape(shape: string): string {
  let short = '';
  for (const char of shape) if (short[short.length - 1] !== char) short += char;
  return short;
}

/** Word-level statistics learnt from the training text without labels. */
export interface Lexicon {
  /** Word cluster (a bit-string path) per lowercase word. */
  clusters: Map<string, string>;
  /** Lowercase words seen more often in lower case than capitalised, not sentence-initially. */
  usuallyLower: Set<string>;
}

/** Features of one token on its own (no position offset). */
export function tokenFeatures(word: string, lexicon?: Lexicon): string[] {
  const lower = word.toLowerCase();
  const shape = wordShape(word);
  const features = [`w=${word}`, `l=${lower}`, `sh=${shape}`, `ss=${shortShape(shape)}`];
  const length = Math.min(4, word.length);
  for (let k = 1; k <= length; k++) {
    features.push(`p${k}=${word.slice(0, k)}`, `s${k}=${word.slice(-k)}`);
  }
  const hasUpper = /\p{Lu}/u.test(word);
  const hasLower = /\p{Ll}/u.test(word);
  if (hasUpper && !hasLower) features.push('allcaps');
  if (/^\p{Lu}/u.test(word)) features.push('initcap');
  if (/\d/.test(word)) features.push(/^\d+$/.test(word) ? 'alldigits' : 'hasdigit');
  if (/^[\p{P}\p{S}]+$/u.test(word)) features.push('punct');
  if (word.includes('-')) features.push('hyphen');
  if (/^\d{4}$/.test(word)) features.push('year');
  if (lexicon) {
    const cluster = lexicon.clusters.get(lower);
    if (cluster !== undefined) {
      features.push(
        `c=${cluster}`,
        `c4=${cluster.slice(0, 4)}`,
        `c8=${cluster.slice(0, 8)}`,
        `c12=${cluster.slice(0, 12)}`,
      );
    }
    if (hasUpper && lexicon.usuallyLower.has(lower)) features.push('capOfLowerWord');
  }
  return features;
}

/** The neighbours whose features each token also gets, tagged with the offset. */
export const NEIGHBOUR_OFFSETS = [-2, -1, 1, 2] as const;
const PREFIX = /^p\d=/;

/** Whether a token feature is also given to its neighbours: everything but the prefixes. */
export function isNeighbourFeature(feature: string): boolean {
  return !PREFIX.test(feature);
}

/**
 * Every feature string of every token of a sentence. `local[t]` are the token features of
 * token t (from {@link tokenFeatures}); a callback receives token t's features one by one so
 * callers can count or encode without building arrays.
 */
export function sentenceFeatures(
  words: readonly string[],
  local: readonly string[][],
  emit: (t: number, feature: string) => void,
): void {
  const n = words.length;
  for (let t = 0; t < n; t++) {
    emit(t, 'bias');
    for (const feature of local[t]) emit(t, feature);
    if (t === 0) emit(t, 'first');
    if (t === n - 1) emit(t, 'last');
    for (const offset of NEIGHBOUR_OFFSETS) {
      const j = t + offset;
      if (j < 0 || j >= n) {
        emit(t, `${offset}:${j < 0 ? '<s>' : '</s>'}`);
        continue;
      }
      for (const feature of local[j])
        if (isNeighbourFeature(feature)) emit(t, `${offset}:${feature}`);
    }
    const previous = t > 0 ? words[t - 1].toLowerCase() : '<s>';
    const next = t < n - 1 ? words[t + 1].toLowerCase() : '</s>';
    const lower = words[t].toLowerCase();
    emit(t, `l-1l=${previous}|${lower}`);
    emit(t, `ll+1=${lower}|${next}`);
  }
}
