import { mulberry32, SeededRandom, shuffle } from '@mesh/ml';

// nn, sequence and ltr pinned trained weights and orders with these exact sequences: a change
// here changes every seeded result in the workspace.
describe('mulberry32', () => {
  it('draws the published sequence for a seed, from its low 32 bits', () => {
    const draw = mulberry32(42);
    expect([draw(), draw(), draw(), draw()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693,
    ]);
    const wrapped = mulberry32(2 ** 32 + 1);
    const one = mulberry32(1);
    expect([wrapped(), wrapped()]).toEqual([one(), one()]);
  });

  it('shuffles with one draw a swap, the same permutation for a seed', () => {
    expect(shuffle([1, 2, 3, 4, 5, 6, 7, 8], mulberry32(42))).toEqual([3, 8, 2, 1, 7, 6, 4, 5]);
  });
});

describe('SeededRandom', () => {
  it('mixes its seed before mulberry32, unless given a generator to draw from', () => {
    const mixed = new SeededRandom(42);
    expect(mixed.next()).toBe(0.1778232182841748);
    const plain = new SeededRandom(mulberry32(42));
    expect(plain.next()).toBe(0.6011037519201636);
    expect(plain.uniform(-1, 2)).toBeCloseTo(-1 + 3 * 0.44829055899754167, 15);
  });
});
