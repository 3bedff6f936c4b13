import { mulberry32 } from '@mesh/ml';
import { SeededRandom } from '@mesh/nn';

// Pinned networks (cbng's among them) were trained with plain mulberry32 seeding, seed 0 standing
// for the golden-ratio constant: the shared generator must keep both.
describe('nn SeededRandom', () => {
  it.each([
    [7, 7],
    [0, 0x9e3779b9],
  ])('seed %d draws what mulberry32(%d) draws', (seed, state) => {
    const random = new SeededRandom(seed);
    const reference = mulberry32(state);
    const expected = [reference(), reference(), reference()];
    expect([random.next(), random.next(), random.next()]).toEqual(expected);
  });

  it('shuffles like the shared shuffle over the same draws', () => {
    expect(new SeededRandom(42).shuffle([1, 2, 3, 4, 5, 6, 7, 8])).toEqual([
      3, 8, 2, 1, 7, 6, 4, 5,
    ]);
  });
});
