import { evaluate } from '../../src/evaluate';
import type { KeywordModel } from '../../src/model/keyword-model';

// A model that returns fixed keys, to check the arithmetic alone.
const fixed = (keys: string[]) =>
  ({
    extract: () => keys.map((key) => ({ key, phrase: key, score: 1 })),
  }) as unknown as KeywordModel;

describe('evaluate', () => {
  it('matches stemmed, lowercased phrases and macro-averages precision, recall and F1', () => {
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
    const result = evaluate(model, records, 3);
    // a: 2 of 3 predicted are gold (P 0.667), 2 of 4 gold found (R 0.5), F1 0.571; b: nothing.
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
});
