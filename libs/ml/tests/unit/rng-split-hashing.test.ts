import { hashColumn, murmur3, SeededRandom, stratifiedSplit } from '@mesh/ml';

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });

  it('shuffles into a permutation and spreads integers evenly', () => {
    const random = new SeededRandom(1);
    expect(random.shuffle([1, 2, 3, 4, 5, 6]).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[random.int(4)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });
});

describe('stratifiedSplit', () => {
  const labels = [...Array(80).fill('a'), ...Array(20).fill('b'), 'c'];

  it('holds out the fraction of every label, seeded', () => {
    const split = stratifiedSplit(labels, 0.25, 7);
    const held = (label: string) => split.test.filter((i) => labels[i] === label).length;
    expect([held('a'), held('b'), held('c')]).toEqual([20, 5, 0]);
    expect(split.train.length + split.test.length).toBe(labels.length);
    expect(new Set([...split.train, ...split.test]).size).toBe(labels.length);
    expect(stratifiedSplit(labels, 0.25, 7)).toEqual(split);
    expect(stratifiedSplit(labels, 0.25, 8).test).not.toEqual(split.test);
  });

  it('rejects a fraction outside (0, 1)', () => {
    expect(() => stratifiedSplit(labels, 1, 1)).toThrow(/fraction/);
  });
});

describe('murmur3', () => {
  it('hashes the empty string with seed 0 to 0 and is deterministic', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('not bad')).toBe(murmur3('not bad'));
    expect(murmur3('not bad')).not.toBe(murmur3('not bad', 1));
  });

  it('spreads features over the columns', () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[hashColumn(`w:${i}`, 4)]++;
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
