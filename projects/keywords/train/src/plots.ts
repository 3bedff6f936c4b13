import type { KeywordModel } from './model/keyword-model';
import type { EvaluationRecord } from './records';
import { goldKeys, scoreAtK, type Evaluation } from './evaluate';

/** A plot for the version's report (the `plots.json` contract of `@mesh/report`). */
export interface Plot {
  name: string;
  title: string;
  spec: Record<string, unknown>;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * Macro-averaged strict F1 of the top-k keyphrases for every k = 1..topN, from one extraction
 * per document (the top-k are a prefix of the top-N). At k = topN it equals the run's F1.
 */
export async function f1AtK(
  model: KeywordModel,
  records: readonly EvaluationRecord[],
  topN: number,
): Promise<number[]> {
  const sums = new Array<number>(topN).fill(0);
  for (const record of records) {
    const predicted = model
      .extract(record.text, { language: record.lang, topN, title: record.title })
      .map((k) => k.key);
    const gold = goldKeys(record);
    for (let k = 1; k <= topN; k++) sums[k - 1] += scoreAtK(predicted, gold, k).f1;
  }
  return sums.map((sum) => (records.length === 0 ? 0 : sum / records.length));
}

/** keywords' plots: F1@k for k = 1..TOP_N, and F1 per language. */
export function keywordPlots(f1ByK: readonly number[], evaluation: Evaluation): Plot[] {
  return [
    {
      name: 'f1-at-k',
      title: `F1@k for k = 1..${f1ByK.length}`,
      spec: {
        $schema: SCHEMA,
        width: 360,
        height: 220,
        data: { values: f1ByK.map((f1, index) => ({ k: index + 1, f1 })) },
        mark: { type: 'line', point: true },
        encoding: {
          x: {
            field: 'k',
            type: 'ordinal',
            title: 'k (keyphrases returned)',
            axis: { labelAngle: 0 },
          },
          y: { field: 'f1', type: 'quantitative', title: 'F1@k', scale: { domain: [0, 1] } },
          tooltip: [{ field: 'k' }, { field: 'f1', format: '.4f' }],
        },
      },
    },
    {
      name: 'f1-by-language',
      title: 'F1 per language',
      spec: {
        $schema: SCHEMA,
        width: 240,
        height: 220,
        data: {
          values: Object.entries(evaluation.byLanguage).map(([language, scores]) => ({
            language,
            f1: scores!.f1,
            documents: scores!.documents,
          })),
        },
        mark: 'bar',
        encoding: {
          x: { field: 'language', type: 'nominal', title: 'language', axis: { labelAngle: 0 } },
          y: { field: 'f1', type: 'quantitative', title: 'F1', scale: { domain: [0, 1] } },
          tooltip: [{ field: 'language' }, { field: 'f1', format: '.4f' }, { field: 'documents' }],
        },
      },
    },
  ];
}
