import {
  findEnvironmentTypos,
  formatProblem,
  int,
  intRange,
  list,
  listOf,
  numberIn,
  parseSettings,
} from '@mesh/settings';

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

describe('range checks and typo warnings', () => {
  const spec = {
    MIN_F1: numberIn({ min: 0, max: 1 })({ desc: 'Quality gate', default: 0 }),
    LANGUAGES: listOf(['en', 'de', 'es'])({ desc: 'Languages', default: ['en'] }),
  };

  it('reports every value out of range at once', () => {
    const result = parseSettings(spec, {
      env: { MIN_F1: '1.5', LANGUAGES: 'en,xx,yy' },
      configDir: null,
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map(formatProblem);
    expect(problems).toEqual([
      expect.stringContaining('MIN_F1: 1.5 is above the maximum 1'),
      expect.stringContaining(
        'LANGUAGES: "xx", "yy" are not supported: use a comma-separated list of en, de, es',
      ),
    ]);
  });

  it('accepts values in range', () => {
    const result = parseSettings(spec, {
      env: { MIN_F1: '0.25', LANGUAGES: 'de, es' },
      configDir: null,
    });
    expect(result.ok && result.settings.values).toEqual({ MIN_F1: 0.25, LANGUAGES: ['de', 'es'] });
  });

  it('flags environment variables that look like a setting, and nothing else', () => {
    const env = {
      MIN_F1S: '0.99',
      LANGUAGE: 'en',
      PATH: '/bin',
      HOME: '/root',
      MIN_F1: '0.1',
      MINUTES: '3',
    };
    expect(findEnvironmentTypos(env, Object.keys(spec))).toEqual([
      { name: 'MIN_F1S', suggestion: 'MIN_F1' },
    ]);
    expect(findEnvironmentTypos({ LANGUAGESS: 'en' }, ['LANGUAGES'])).toEqual([
      { name: 'LANGUAGESS', suggestion: 'LANGUAGES' },
    ]);
  });
});
