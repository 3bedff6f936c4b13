import { shortShape, tokenFeatures, wordShape } from '../../src/model/features';
import { mostFrequentTagBaseline } from '../../src/baselines';

describe('token features', () => {
  it('computes word shape and short shape', () => {
    expect(wordShape('Mar-12')).toBe('Xxx-dd');
    expect(shortShape(wordShape('Mar-12'))).toBe('Xx-d');
    expect(wordShape('Zürich')).toBe('Xxxxxx');
  });

  it('has the word, lowercase, affixes up to 4, shapes and flags', () => {
    const features = tokenFeatures('IBM');
    expect(features).toEqual(
      expect.arrayContaining([
        'w=IBM',
        'l=ibm',
        'p3=IBM',
        's1=M',
        'sh=XXX',
        'ss=X',
        'allcaps',
        'initcap',
      ]),
    );
    expect(tokenFeatures('1996')).toEqual(expect.arrayContaining(['alldigits', 'year']));
    expect(tokenFeatures('Washington').filter((f) => f.startsWith('s'))).toContain('s4=gton');
  });
});

describe('most-frequent-tag baseline', () => {
  it('tags each word with its most frequent training tag, as valid IOB2', () => {
    const tag = mostFrequentTagBaseline([
      { tokens: ['New', 'York', 'is', 'big'], tags: ['I-LOC', 'I-LOC', 'O', 'O'], line: 1 },
      { tokens: ['York', 'won'], tags: ['I-ORG', 'O'], line: 6 },
      { tokens: ['York', 'fell'], tags: ['I-ORG', 'O'], line: 9 },
    ]);
    expect(tag(['New', 'York', 'is', 'unknown'])).toEqual(['B-LOC', 'B-ORG', 'O', 'O']);
    expect(tag(['York'])).toEqual(['B-ORG']);
  });
});
