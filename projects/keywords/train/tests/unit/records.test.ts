import { parseCorpusRecord, parseEvaluationRecord } from '../../src/records';

describe('record validation', () => {
  it('accepts a corpus line and names a bad field', () => {
    expect(parseCorpusRecord({ id: 'x', lang: 'es', text: 'hola' })).toMatchObject({
      id: 'x',
      lang: 'es',
    });
    expect(() => parseCorpusRecord({ id: 'x', lang: 'fr', text: 'salut' })).toThrow(
      'field "lang" must be one of en, de, es (got "fr")',
    );
    expect(() => parseCorpusRecord({ id: 'x', lang: 'en' })).toThrow(
      'field "text" must be a non-empty string',
    );
    expect(() => parseCorpusRecord([1, 2])).toThrow('expected a JSON object');
  });

  it('requires gold keyphrases in evaluation lines', () => {
    expect(() => parseEvaluationRecord({ id: 'x', lang: 'en', text: 't', keyphrases: [] })).toThrow(
      'field "keyphrases" must be a non-empty array',
    );
  });
});
