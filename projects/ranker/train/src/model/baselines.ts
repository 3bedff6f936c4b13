import { meanNdcg, rankingReport, seededRandom } from '@mesh/ltr';
import { NUMERIC_FEATURES } from './features';
import type { EncodedData } from './train';

/** Column of cpu_share_10s in the snapshot feature matrix. */
const CPU_SHARE = NUMERIC_FEATURES.indexOf('cpu_share_10s');

/** A simple ranking's metrics on the evaluation data. */
export interface BaselineResult {
  name: string;
  metrics: Record<string, number>;
}

/**
 * The baselines the quality gate compares against: a random order (mean of 5 seeded shuffles),
 * and for snapshots the busiest process first (cpu_share_10s), for SVMlight data the single
 * feature with the best NDCG@10 on the training data.
 */
export function computeBaselines(
  evaluation: EncodedData,
  training: EncodedData,
  input: 'snapshots' | 'svmlight',
): BaselineResult[] {
  const rows = evaluation.labels.length;
  const width = evaluation.numFeatures;
  const column = (data: EncodedData, f: number) =>
    Float64Array.from({ length: data.labels.length }, (_, r) => {
      const value = data.features[r * data.numFeatures + f];
      return Number.isNaN(value) ? -Infinity : value;
    });
  const results: BaselineResult[] = [];
  const randomRuns = Array.from({ length: 5 }, (_, seed) => {
    const random = seededRandom(1000 + seed);
    return rankingReport(
      evaluation.labels,
      Float64Array.from({ length: rows }, () => random()),
      evaluation.offsets,
    );
  });
  const mean: Record<string, number> = {};
  for (const key of Object.keys(randomRuns[0]))
    mean[key] = randomRuns.reduce((sum, run) => sum + run[key], 0) / randomRuns.length;
  results.push({ name: 'random', metrics: mean });
  if (input === 'snapshots') {
    results.push({
      name: 'cpu_share',
      metrics: rankingReport(evaluation.labels, column(evaluation, CPU_SHARE), evaluation.offsets),
    });
  } else {
    let best = 0;
    let bestNdcg = -Infinity;
    for (let f = 0; f < width; f++) {
      const ndcg = meanNdcg(training.labels, column(training, f), training.offsets, 10);
      if (ndcg > bestNdcg) {
        bestNdcg = ndcg;
        best = f;
      }
    }
    results.push({
      name: `best_single_feature(f${best + 1})`,
      metrics: rankingReport(evaluation.labels, column(evaluation, best), evaluation.offsets),
    });
  }
  return results;
}
