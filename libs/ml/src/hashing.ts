/**
 * MurmurHash3 (x86, 32-bit) of a string's UTF-16 code units, the hash feature hashing uses to
 * map a feature name to a column without a vocabulary. Deterministic across machines.
 */
export function murmur3(text: string, seed = 0): number {
  let h = seed >>> 0;
  const length = text.length;
  let i = 0;
  // Two UTF-16 code units per 32-bit block.
  for (; i + 1 < length; i += 2) {
    let k = (text.charCodeAt(i) & 0xffff) | ((text.charCodeAt(i + 1) & 0xffff) << 16);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < length) {
    let k = text.charCodeAt(i) & 0xffff;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= length * 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The column of a feature in a hashed space of `2^bits` columns. */
export function hashColumn(feature: string, bits: number, seed = 0): number {
  return murmur3(feature, seed) & ((1 << bits) - 1);
}
