import { mulberry32 } from './mulberry32';
import { shuffle } from './shuffle';

/** SplitMix32's finaliser: spreads neighbouring seeds (1, 2, 3...) far apart in the state space. */
function splitMix32(seed: number): number {
  let z = (seed | 0) + 0x9e3779b9;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A small seeded pseudo-random generator ({@link mulberry32} over a SplitMix32-mixed seed): the
 * same seed gives the same sequence on every machine, so splits and shuffles are reproducible.
 */
export class SeededRandom {
  private readonly generator: () => number;

  /**
   * @param seed an integer, mixed with SplitMix32 before it seeds mulberry32 (equal seeds give
   *   equal sequences); or a generator of floats in [0, 1) to draw from as it is, for callers
   *   that seed mulberry32 their own way.
   */
  constructor(seed: number | (() => number)) {
    this.generator = typeof seed === 'function' ? seed : mulberry32(splitMix32(seed));
  }

  /** The next number in [0, 1). */
  next(): number {
    return this.generator();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    return shuffle(items, this.generator);
  }
}
