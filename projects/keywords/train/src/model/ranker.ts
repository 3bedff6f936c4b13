import { CsrBuilder, trainLogisticRegression } from '@mesh/ml';
import { FEATURE_NAMES } from './features';

/** A linear scorer over standardised candidate features, as stored in the model file. */
export interface RankerFile {
  /** `logistic-regression`: L2 logistic regression (candidate is a gold keyphrase or not). */
  kind: 'logistic-regression';
  features: string[];
  /** Means and standard deviations the features are standardised with. */
  mean: number[];
  scale: number[];
  weights: number[];
  intercept: number;
  /** The inverse regularisation strength it was fitted with. */
  C: number;
}

/**
 * Fits the ranker: standardises the feature rows, then fits L2 logistic regression (the shared
 * `@mesh/ml` implementation, L-BFGS) with labels 1 for gold keyphrases, 0 otherwise.
 */
export function fitRanker(
  rows: readonly number[][],
  labels: ArrayLike<number>,
  C: number,
): RankerFile {
  const width = FEATURE_NAMES.length;
  const mean = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(0);
  for (const row of rows) for (let j = 0; j < width; j++) mean[j] += row[j] / rows.length;
  for (const row of rows)
    for (let j = 0; j < width; j++) scale[j] += (row[j] - mean[j]) ** 2 / rows.length;
  for (let j = 0; j < width; j++) scale[j] = Math.sqrt(scale[j]) || 1;

  const builder = new CsrBuilder();
  const columns = Array.from({ length: width }, (_, j) => j);
  for (const row of rows) builder.addRow(columns, standardise(row, mean, scale));
  // A ranking needs the weights' direction, not the last digits of the optimum.
  const model = trainLogisticRegression(builder.build(width), labels, 2, {
    C,
    tolerance: 1e-3,
    maxIterations: 200,
  });
  return {
    kind: 'logistic-regression',
    features: [...FEATURE_NAMES],
    mean,
    scale,
    weights: Array.from(model.weights[0]),
    intercept: model.intercepts[0],
    C,
  };
}

/** The ranker's decision value for one feature row: higher is more likely a keyphrase. */
export function rankerScore(ranker: RankerFile, row: readonly number[]): number {
  let sum = ranker.intercept;
  for (let j = 0; j < row.length; j++)
    sum += ranker.weights[j] * ((row[j] - ranker.mean[j]) / ranker.scale[j]);
  return sum;
}

function standardise(row: readonly number[], mean: number[], scale: number[]): number[] {
  return row.map((value, j) => (value - mean[j]) / scale[j]);
}
