import { cleanText } from '../../src/text/clean';
import { markNegation, tokenize } from '../../src/text/tokenize';

describe('cleanText and tokenize', () => {
  it('removes HTML line breaks, tags and entities, and collapses whitespace', () => {
    expect(cleanText('Great <br /><br />film &amp; <i>cast</i>&#39;s\n\n work')).toBe(
      "Great film & cast 's work",
    );
  });

  it("lower-cases and keeps apostrophes, the clitic n't, !/? runs and emoticons", () => {
    expect(tokenize("It's NOT good!!! Does n't work :) ok?")).toEqual([
      "it's",
      'not',
      'good',
      '!!!',
      'does',
      "n't",
      'work',
      ':)',
      'ok',
      '?',
    ]);
  });
});

describe('markNegation', () => {
  it('marks words from a negator to the next clause punctuation', () => {
    expect(markNegation(tokenize("not good at all, but the cast didn't fail. fine"))).toEqual([
      'not',
      'neg_good',
      'neg_at',
      'neg_all',
      ',',
      'but',
      'the',
      'cast',
      "didn't",
      'neg_fail',
      '.',
      'fine',
    ]);
  });
});
