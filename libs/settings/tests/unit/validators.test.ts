import { int, intRange, list } from '@mesh/settings';

const parse = <T>(validator: { _parse: (input: string) => T }, input: string) =>
  validator._parse(input);

describe('validators', () => {
  it('int rejects decimals, words and out-of-bounds values', () => {
    const topN = int({ min: 1, max: 100 })({ desc: 'n' });
    expect(parse(topN, '42')).toBe(42);
    expect(() => parse(topN, '4.5')).toThrow('"4.5" is not an integer');
    expect(() => parse(topN, 'abc')).toThrow('"abc" is not an integer');
    expect(() => parse(topN, '0')).toThrow('0 is below the minimum 1');
    expect(() => parse(topN, '101')).toThrow('101 is above the maximum 100');
  });

  it('intRange accepts the JSON, bare and python tuple forms', () => {
    const range = intRange({ min: 1 })({ desc: 'r' });
    expect(parse(range, '[1,3]')).toEqual([1, 3]);
    expect(parse(range, '1, 2')).toEqual([1, 2]);
    expect(parse(range, '(2, 2)')).toEqual([2, 2]);
    expect(() => parse(range, '[3,1]')).toThrow('low end above');
    expect(() => parse(range, '[1]')).toThrow('not a range of two integers');
    expect(() => parse(range, '[0,2]')).toThrow('below the minimum 1');
  });

  it('list splits on commas and drops empty items', () => {
    expect(parse(list({ desc: 'l' }), ' en, de,,es ')).toEqual(['en', 'de', 'es']);
  });
});
