import { detectLanguage } from '../../src/text/detect-language';
import { normalizePhrase } from '../../src/text/stem';
import { countWords, segment } from '../../src/text/tokenize';

describe('segment', () => {
  it('breaks at punctuation, keeps hyphenated words, marks sentence starts', () => {
    const segments = segment('Wind turbines, e.g. offshore ones; state-of-the-art. ¿Qué tal?');
    expect(segments.map((words) => words.map((word) => word.text))).toEqual([
      ['Wind', 'turbines'],
      ['e'],
      ['g'],
      ['offshore', 'ones'],
      ['state-of-the-art'],
      ['Qué', 'tal'],
    ]);
    expect(segments[0][0].sentenceStart).toBe(true);
    expect(segments[0][1].sentenceStart).toBe(false);
    expect(segments[5][0].sentenceStart).toBe(true);
    expect(segments[5][1].index).toBe(8);
  });

  it('counts words in any script with umlauts and accents', () => {
    expect(countWords('Die Straße führt über den Fluß, señor.')).toBe(7);
  });
});

describe('normalizePhrase', () => {
  it('lowercases and stems each word in its language', () => {
    expect(normalizePhrase('Solar Panels', 'en')).toBe('solar panel');
    expect(normalizePhrase('Wasserkraftwerke', 'de')).toBe('wasserkraftwerk');
    expect(normalizePhrase('energías renovables', 'es')).toBe(
      normalizePhrase('energía renovable', 'es'),
    );
  });
});

describe('detectLanguage', () => {
  it('tells English, German and Spanish prose apart', () => {
    expect(detectLanguage('The river flows through the valley and into the sea.')).toBe('en');
    expect(detectLanguage('Der Fluss fließt durch das Tal und mündet in das Meer.')).toBe('de');
    expect(detectLanguage('El río atraviesa el valle y desemboca en el mar.')).toBe('es');
  });
});
