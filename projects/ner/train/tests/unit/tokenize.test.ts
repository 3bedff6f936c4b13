import { tokenize } from '../../src/text/tokenize';

describe('tokenize', () => {
  it('splits words, numbers, abbreviations, possessives and punctuation with offsets', () => {
    const text = "Mr. Smith's firm, U.S. Steel, earned $1,200.50 on 1996-08-22.";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual([
      'Mr.',
      'Smith',
      "'s",
      'firm',
      ',',
      'U.S.',
      'Steel',
      ',',
      'earned',
      '$',
      '1,200.50',
      'on',
      '1996-08-22',
      '.',
    ]);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
  });

  it('keeps hyphenated words whole', () => {
    expect(tokenize('a well-known Anglo-Dutch group').map((t) => t.text)).toEqual([
      'a',
      'well-known',
      'Anglo-Dutch',
      'group',
    ]);
  });
});
