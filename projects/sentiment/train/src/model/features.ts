import { murmur3 } from '@mesh/ml';
import { markNegation, tokenize } from '../text/tokenize';

/** Which n-grams describe a text. */
export interface FeatureConfig {
  /** Longest word n-gram (1 to 3); word unigrams are always used. */
  wordNgramMax: number;
  /** Character n-gram lengths within words, [low, high], or null for none. */
  charNgrams: readonly [number, number] | null;
  /** Mark tokens in a negation's scope. */
  negation: boolean;
  /** The hashed feature space has 2^hashBits columns. */
  hashBits: number;
}

/** Feature groups, as bits: word unigrams, bigrams, trigrams, character n-grams. */
export const GROUP = { word1: 1, word2: 2, word3: 4, char: 8 } as const;

/** The groups a configuration uses. */
export function groupsOf(config: Pick<FeatureConfig, 'wordNgramMax' | 'charNgrams'>): number {
  let groups = GROUP.word1;
  if (config.wordNgramMax >= 2) groups |= GROUP.word2;
  if (config.wordNgramMax >= 3) groups |= GROUP.word3;
  if (config.charNgrams) groups |= GROUP.char;
  return groups;
}

/** Finalisation of MurmurHash3: mixes the bits of a 32-bit value. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hash of an ordered pair of hashes (for n-grams built from token hashes). */
function combine(a: number, b: number): number {
  return mix((Math.imul(a, 0x9e3779b1) ^ (b + 0x7f4a7c15 + (a << 6) + (a >>> 2))) >>> 0);
}

const GROUP_SEEDS = [0x51ed270b, 0x2545f491, 0x6c8e9cf5, 0x1b873593];

/**
 * Turns texts into sets of hashed columns (binary features). Word n-grams are hashed from the
 * hashes of their tokens, so no n-gram string is built; a token's own hash and its character
 * n-grams are cached, as vocabularies are Zipfian.
 */
export class FeatureHasher {
  private readonly mask: number;
  private readonly cache = new Map<string, { hash: number; chars: Uint32Array | null }>();
  /** Reused across calls: the columns of the text being hashed, with repeats. */
  private buffer = new Int32Array(4096);

  constructor(readonly config: FeatureConfig) {
    this.mask = config.hashBits >= 32 ? 0xffffffff : (1 << config.hashBits) - 1;
  }

  private token(token: string): { hash: number; chars: Uint32Array | null } {
    let entry = this.cache.get(token);
    if (entry) return entry;
    let chars: Uint32Array | null = null;
    const range = this.config.charNgrams;
    if (range && !token.startsWith('neg_') && /[\p{L}\p{N}]/u.test(token)) {
      const padded = ` ${token} `;
      const grams: number[] = [];
      for (let n = range[0]; n <= range[1]; n++)
        for (let i = 0; i + n <= padded.length; i++)
          grams.push(murmur3(padded.slice(i, i + n), GROUP_SEEDS[3]));
      chars = Uint32Array.from(grams);
    }
    entry = { hash: murmur3(token, GROUP_SEEDS[0]), chars };
    if (this.cache.size > 1_000_000) this.cache.clear();
    this.cache.set(token, entry);
    return entry;
  }

  /**
   * The distinct columns of a text, ascending, and for each the groups that produced it
   * (`groups` receives one bit set per column).
   */
  features(text: string, groups?: (column: number, group: number) => void): Int32Array {
    const tokens = tokenize(text);
    const marked = this.config.negation ? markNegation(tokens) : tokens;
    const mask = this.mask;
    // Every column with repeats, then sorted and deduplicated in place: a typed-array sort of a
    // document's few thousand entries is much cheaper than a Set of numbers.
    let columns = this.buffer;
    let count = 0;
    const add = (hash: number, group: number) => {
      const column = (hash & mask) >>> 0;
      if (count === columns.length) {
        const grown = new Int32Array(columns.length * 2);
        grown.set(columns);
        columns = this.buffer = grown;
      }
      columns[count++] = column;
      groups?.(column, group);
    };
    const hashes = new Uint32Array(marked.length);
    for (let i = 0; i < marked.length; i++) {
      const entry = this.token(marked[i]);
      hashes[i] = entry.hash;
      add(entry.hash, GROUP.word1);
      if (entry.chars) for (const gram of entry.chars) add(gram, GROUP.char);
      if (this.config.wordNgramMax >= 2 && i >= 1) {
        const bigram = combine(combine(GROUP_SEEDS[1], hashes[i - 1]), hashes[i]);
        add(bigram, GROUP.word2);
        if (this.config.wordNgramMax >= 3 && i >= 2)
          add(
            combine(combine(combine(GROUP_SEEDS[2], hashes[i - 2]), hashes[i - 1]), hashes[i]),
            GROUP.word3,
          );
      }
    }
    const sorted = columns.subarray(0, count).sort();
    let distinct = 0;
    for (let k = 0; k < count; k++)
      if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k];
    return sorted.slice(0, distinct);
  }
}
