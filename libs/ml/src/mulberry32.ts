/**
 * mulberry32: a 32-bit state advanced by a Weyl step and mixed into a float in [0, 1). Small,
 * fast and bit for bit the same on every platform, so seeded splits, shuffles and initial
 * weights repeat anywhere.
 *
 * The seed's low 32 bits are the initial state as they are: neighbouring seeds give related
 * first draws, which is why {@link SeededRandom} mixes its seed first. Libraries whose pinned
 * results were made with the plain seed (nn, sequence, ltr) call this directly.
 *
 * @param seed any integer; only its low 32 bits count.
 * @returns a generator of floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
