import { meanNdcg, type TrainingHistory } from '@mesh/ltr';
import type { BaselineResult } from './baselines';
import type { RankerModel } from './ranker-model';
import type { EncodedData } from './train';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** The run's plots, rendered into the report: NDCG@k curves, feature importance, validation curve. */
export function makePlots(
  model: RankerModel,
  evaluation: EncodedData,
  baselines: BaselineResult[],
  history: TrainingHistory,
): Array<{ name: string; title: string; spec: Record<string, unknown> }> {
  const scores = model.ensemble.predict(evaluation.features);
  const curve: Array<{ k: number; ranking: string; ndcg: number }> = [];
  for (let k = 1; k <= 10; k++)
    curve.push({
      k,
      ranking: 'model',
      ndcg: meanNdcg(evaluation.labels, scores, evaluation.offsets, k),
    });
  for (const baseline of baselines)
    for (const k of [1, 5, 10])
      curve.push({ k, ranking: baseline.name, ndcg: baseline.metrics[`ndcg@${k}`] });
  const importance = model.ensemble
    .featureImportance()
    .sort((a, b) => b.gain - a.gain)
    .slice(0, 20);
  return [
    {
      name: 'ndcg-at-k',
      title: 'NDCG@k for k = 1..10 on the evaluation data, with the baselines',
      spec: {
        $schema: SCHEMA,
        data: { values: curve },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'k', type: 'quantitative', title: 'k' },
          y: { field: 'ndcg', type: 'quantitative', title: 'NDCG@k', scale: { domain: [0, 1] } },
          color: { field: 'ranking', type: 'nominal' },
        },
      },
    },
    {
      name: 'feature-importance',
      title: 'Feature importance (share of split gain), top 20',
      spec: {
        $schema: SCHEMA,
        data: { values: importance },
        mark: 'bar',
        encoding: {
          y: { field: 'feature', type: 'nominal', sort: '-x', title: null },
          x: { field: 'gain', type: 'quantitative', title: 'share of gain' },
        },
      },
    },
    {
      name: 'validation-ndcg',
      title: 'Validation NDCG@k by boosting round',
      spec: {
        $schema: SCHEMA,
        data: { values: history.validationNdcg.map((ndcg, round) => ({ round: round + 1, ndcg })) },
        mark: 'line',
        encoding: {
          x: { field: 'round', type: 'quantitative' },
          y: { field: 'ndcg', type: 'quantitative', scale: { zero: false } },
        },
      },
    },
  ];
}
