import { extractCandidates } from '../../src/model/candidates';
import { stopWordsOf } from '../../src/text/stop-words';
import { isNounPhrase, tagRun } from '../../src/text/pos-tagger';
import { segment } from '../../src/text/tokenize';

const keys = (text: string, language: 'en' | 'de' | 'es', mode: 'ngrams' | 'noun-phrases') => [
  ...extractCandidates(text, {
    language,
    stopWords: stopWordsOf(language),
    ngramRange: [1, 3],
    mode,
  }).values(),
];

describe('part-of-speech tagging of content words', () => {
  it('tells adjectives, nouns, verbs and adverbs apart in English', () => {
    const [run] = segment('robust neural network training quickly outperforms');
    expect(tagRun(run, 'en')).toEqual(['ADJ', 'ADJ', 'NOUN', 'NOUN', 'ADV', 'VERB']);
  });

  it('uses the capitals of German nouns', () => {
    const [run] = segment('Man nutzt tektonische Platten');
    expect(tagRun(run.slice(2), 'de')).toEqual(['ADJ', 'NOUN']);
  });

  it('puts Spanish adjectives after the noun', () => {
    const [run] = segment('energía solar térmica');
    expect(tagRun(run, 'es')).toEqual(['NOUN', 'ADJ', 'ADJ']);
    expect(isNounPhrase(['NOUN', 'ADJ', 'ADJ'], 'es')).toBe(true);
    expect(isNounPhrase(['ADJ', 'NOUN'], 'es')).toBe(false);
  });
});

describe('noun-phrase candidates', () => {
  it('keeps adjectives* nouns+ and drops phrases with verbs or adverbs', () => {
    const text = 'Robust neural networks quickly outperform sparse classifiers.';
    const ngrams = keys(text, 'en', 'ngrams').map((c) => c.key);
    const phrases = keys(text, 'en', 'noun-phrases').map((c) => c.key);
    expect(ngrams).toContain('network quick outperform');
    expect(phrases).toEqual(
      expect.arrayContaining([
        'robust neural network',
        'neural network',
        'network',
        'spars classifi',
      ]),
    );
    expect(phrases).not.toContain('network quick outperform');
    expect(phrases).not.toContain('robust neural'); // ends with an adjective
    expect(phrases.every((key) => ngrams.includes(key))).toBe(true);
  });

  it('records first and last position and the pattern', () => {
    const [candidate] = keys('Solar panels work. Solar panels last.', 'en', 'noun-phrases').filter(
      (c) => c.key === 'solar panel',
    );
    expect(candidate).toMatchObject({
      firstPosition: 0,
      lastPosition: 3,
      frequency: 2,
      nounPhrase: true,
      pattern: 'AN',
    });
  });
});
