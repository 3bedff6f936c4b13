import { evaluate, scoreAtK } from '../../src/evaluate';
import type { KeywordModel } from '../../src/model/keyword-model';

// A model that returns fixed keys, to check the arithmetic alone.
const fixed = (keys: string[]) =>
  ({
    extract: () => keys.map((key) => ({ key, phrase: key, score: 1 })),
  }) as unknown as KeywordModel;

describe('evaluate', () => {
  it('matches stemmed, lowercased phrases and macro-averages strict precision, recall and F1', async () => {
    const model = fixed(['solar panel', 'wind', 'cheap']);
    const records = [
      {
        id: 'a',
        lang: 'en' as const,
        text: '-',
        keyphrases: ['Solar Panels', 'wind', 'grid', 'storage'],
      },
      { id: 'b', lang: 'de' as const, text: '-', keyphrases: ['Sonne'] },
    ];
    const result = await evaluate(model, records, 3);
    // a: 2 hits in the top 3 (P 2/3), 2 of 4 gold found (R 0.5); b: nothing.
    expect(result.byLanguage.en).toEqual({
      precision: 2 / 3,
      recall: 0.5,
      f1: (2 * (2 / 3) * 0.5) / (2 / 3 + 0.5),
      documents: 1,
    });
    expect(result.overall.precision).toBeCloseTo(1 / 3);
    expect(result.overall.recall).toBeCloseTo(0.25);
    expect(result.overall.f1).toBeCloseTo(0.285714);
    expect(result.overall.documents).toBe(2);
  });

  it('divides precision by k, not by the number of phrases returned (the field’s strict P@k)', async () => {
    // Two phrases returned, both gold, k = 10: P@10 = 2/10, not 2/2.
    const scores = scoreAtK(['a', 'b'], new Set(['a', 'b', 'c', 'd']), 10);
    expect(scores.precision).toBe(0.2);
    expect(scores.recall).toBe(0.5);
    expect(scores.f1).toBeCloseTo((2 * 0.2 * 0.5) / 0.7);
    const result = await evaluate(
      fixed(['wind']),
      [{ id: 'a', lang: 'en', text: '-', keyphrases: ['wind'] }],
      10,
    );
    expect(result.overall.precision).toBe(0.1);
  });

  it('counts a repeated key once and ignores whatever comes after k', () => {
    expect(scoreAtK(['a', 'a', 'x', 'b'], new Set(['a', 'b']), 2)).toEqual({
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
    });
  });
});
