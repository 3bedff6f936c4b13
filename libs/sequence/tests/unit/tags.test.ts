import { chunksOf, convertTags, detectScheme, entityTypes, TagError } from '@mesh/sequence';

describe('tag schemes', () => {
  const iob1 = ['I-PER', 'I-PER', 'B-PER', 'O', 'I-LOC'];
  const iob2 = ['B-PER', 'I-PER', 'B-PER', 'O', 'B-LOC'];
  const bioes = ['B-PER', 'E-PER', 'S-PER', 'O', 'S-LOC'];

  it('detects IOB1, IOB2 and BIOES', () => {
    expect(detectScheme([iob1])).toBe('IOB1');
    expect(detectScheme([iob2])).toBe('IOB2');
    expect(detectScheme([bioes])).toBe('BIOES');
    expect(detectScheme([['O', 'O']])).toBe('IOB2');
  });

  it('reads the same chunks from each scheme and converts between them', () => {
    const expected = [
      { type: 'PER', start: 0, end: 2 },
      { type: 'PER', start: 2, end: 3 },
      { type: 'LOC', start: 4, end: 5 },
    ];
    for (const tags of [iob1, iob2, bioes]) {
      expect(chunksOf(tags)).toEqual(expected);
      expect(convertTags(tags, 'IOB1')).toEqual(iob1);
      expect(convertTags(tags, 'IOB2')).toEqual(iob2);
      expect(convertTags(tags, 'BIOES')).toEqual(bioes);
    }
  });

  it('lists entity types and rejects tags of no scheme', () => {
    expect(entityTypes([iob1, bioes])).toEqual(['LOC', 'PER']);
    expect(() => detectScheme([['B-PER', 'PERSON']])).toThrow(TagError);
    expect(() => chunksOf(['X-PER'])).toThrow(/"X-PER" is not an IOB1, IOB2 \(BIO\) or BIOES tag/);
  });
});
