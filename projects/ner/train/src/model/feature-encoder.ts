import type { EncodedSentence, FeatureIndex } from '@mesh/sequence';
import { NEIGHBOUR_OFFSETS, isNeighbourFeature, tokenFeatures, type Lexicon } from './features';

/** Most word types whose feature ids are kept; the cache starts over beyond it. */
const CACHE_LIMIT = 200_000;

/**
 * Turns sentences into feature ids under a frozen index, producing exactly the features of
 * `sentenceFeatures`. A word's own features and its features as a neighbour at each offset
 * depend only on the word, so their ids are computed once per word type and reused: encoding
 * is then array copies, not string building and hashing per token.
 */
export class FeatureEncoder {
  private readonly cache = new Map<string, Int32Array[]>();
  private readonly fixed: Map<string, number>;

  constructor(
    private readonly index: FeatureIndex,
    private readonly lexicon: Lexicon,
  ) {
    this.fixed = new Map(
      ['bias', 'first', 'last', ...NEIGHBOUR_OFFSETS.flatMap((o) => [`${o}:<s>`, `${o}:</s>`])].map(
        (feature) => [feature, index.id(feature)],
      ),
    );
  }

  /** The feature ids of a sentence (with its gold label ids when given). */
  encode(tokens: readonly string[], labels?: Int32Array): EncodedSentence {
    const n = tokens.length;
    const perWord = tokens.map((token) => this.idsOf(token));
    const lower = tokens.map((token) => token.toLowerCase());
    const ids: number[] = [];
    const offsets = new Int32Array(n + 1);
    const push = (id: number | undefined) => {
      if (id !== undefined && id >= 0) ids.push(id);
    };
    for (let t = 0; t < n; t++) {
      push(this.fixed.get('bias'));
      for (const id of perWord[t][0]) ids.push(id);
      if (t === 0) push(this.fixed.get('first'));
      if (t === n - 1) push(this.fixed.get('last'));
      NEIGHBOUR_OFFSETS.forEach((offset, k) => {
        const j = t + offset;
        if (j < 0 || j >= n) push(this.fixed.get(`${offset}:${j < 0 ? '<s>' : '</s>'}`));
        else for (const id of perWord[j][k + 1]) ids.push(id);
      });
      push(this.index.id(`l-1l=${t > 0 ? lower[t - 1] : '<s>'}|${lower[t]}`));
      push(this.index.id(`ll+1=${lower[t]}|${t < n - 1 ? lower[t + 1] : '</s>'}`));
      offsets[t + 1] = ids.length;
    }
    return { features: Int32Array.from(ids), offsets, labels };
  }

  /** `[own ids, ids as neighbour at each of NEIGHBOUR_OFFSETS]` of one word. */
  private idsOf(word: string): Int32Array[] {
    let cached = this.cache.get(word);
    if (cached) return cached;
    const local = tokenFeatures(word, this.lexicon);
    const known = (features: string[]) =>
      Int32Array.from(features.map((f) => this.index.id(f)).filter((id) => id >= 0));
    cached = [
      known(local),
      ...NEIGHBOUR_OFFSETS.map((offset) =>
        known(local.filter(isNeighbourFeature).map((f) => `${offset}:${f}`)),
      ),
    ];
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, cached);
    return cached;
  }
}
