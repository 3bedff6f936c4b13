import { learnWordClusters } from '@mesh/sequence';

describe('learnWordClusters', () => {
  it('puts words that share their contexts under a common path prefix', () => {
    const sentences: string[][] = [];
    for (const city of ['Paris', 'Rome', 'Oslo', 'Lima'])
      for (const verb of ['lives', 'works', 'stays'])
        sentences.push(['she', verb, 'in', city, '.']);
    for (const day of ['Monday', 'Friday', 'Sunday', 'Tuesday'])
      for (const verb of ['left', 'arrived', 'spoke']) sentences.push(['he', verb, 'on', day, '.']);
    const clusters = learnWordClusters(sentences, { minNodeSize: 2, contextWords: 20, depth: 10 });
    const cities = ['paris', 'rome', 'oslo', 'lima'].map((w) => clusters.get(w)!);
    const days = ['monday', 'friday', 'sunday', 'tuesday'].map((w) => clusters.get(w)!);
    const prefix = (paths: string[]) =>
      paths.reduce((common, path) => {
        let i = 0;
        while (i < common.length && common[i] === path[i]) i++;
        return common.slice(0, i);
      });
    const cityPrefix = prefix(cities);
    const dayPrefix = prefix(days);
    expect(cityPrefix.length).toBeGreaterThan(0);
    expect(dayPrefix.length).toBeGreaterThan(0);
    expect(days.every((path) => path.startsWith(cityPrefix))).toBe(false);
    expect(cities.every((path) => path.startsWith(dayPrefix))).toBe(false);
  });

  it('is deterministic', () => {
    const sentences = [
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
    ];
    expect(learnWordClusters(sentences, { minNodeSize: 1 })).toEqual(
      learnWordClusters(sentences, { minNodeSize: 1 }),
    );
  });
});
