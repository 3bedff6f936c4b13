import { mulberry32, SeededRandom as MixedSeedRandom } from '@mesh/ml';

/**
 * The network's seeded generator: @mesh/ml's {@link MixedSeedRandom} (next, uniform, shuffle)
 * drawing from plain mulberry32 seeded with the seed's low 32 bits, not a mixed seed, because
 * the weights, splits and batch orders of trained networks were pinned with that seeding. Seed
 * 0 would be a valid state too, but it stands for the golden-ratio constant, as it always has.
 */
export class SeededRandom extends MixedSeedRandom {
  /** @param seed any integer; equal seeds give equal weights, splits and batch orders. */
  constructor(seed: number) {
    super(mulberry32(seed >>> 0 || 0x9e3779b9));
  }
}
