import { binEdges, binOf } from './binning';
import { growTree, type BinnedMatrix } from './grow';
import { lambdaGradients } from './lambdarank';
import { meanNdcg } from './metrics';
import { RankingModel } from './model';
import { mulberry32 } from '@mesh/ml';

/** Documents grouped in queries: row-major float32 features, a label per row, group offsets. */
export interface RankingData {
  /** rows x numFeatures, row-major; NaN is a missing value. */
  features: Float32Array;
  numFeatures: number;
  /** Graded relevance per row (larger is more relevant). */
  labels: Float64Array;
  /** Query q is rows [offsets[q], offsets[q + 1]); length = queries + 1. */
  offsets: Uint32Array;
}

/** Options of {@link trainLambdaMart}; every one has a default. */
export interface LambdaMartOptions {
  /** Boosting rounds (trees). Default 500. */
  trees?: number;
  /** Shrinkage applied to every leaf. Default 0.1. */
  learningRate?: number;
  /** Depth of every tree (depth-wise growth). Default 6. */
  maxDepth?: number;
  /** Histogram bins per feature, 2..256. Default 256. */
  maxBins?: number;
  /** L2 penalty on leaf values. Default 1. */
  lambda?: number;
  /** Smallest sum of hessians in a child. Default 0 (any). */
  minChildWeight?: number;
  /** Smallest loss reduction for a split. Default 0. */
  minSplitGain?: number;
  /** Steepness of the pairwise logistic loss. Default 1. */
  sigma?: number;
  /** Share of queries sampled for each tree (1 = all). Default 1. */
  subsample?: number;
  /** Seed of the query sampling. Default 42. */
  seed?: number;
  /** k of the validation NDCG@k used for early stopping. Default 10. */
  evalAt?: number;
  /** Stop after this many rounds without a better validation NDCG@k (0: never). Default 50. */
  earlyStoppingRounds?: number;
  /** Names of the features, kept in the model. Default f0, f1, ... */
  featureNames?: string[];
  /** Called after each round with the validation NDCG@k (NaN without validation data). */
  onIteration?: (round: number, total: number, validationNdcg: number) => void;
}

/** The defaults, those of the original trainer (CatBoost YetiRank: depth 6, rate 0.1, 500 trees, seed 42). */
export const LAMBDAMART_DEFAULTS: Required<
  Omit<LambdaMartOptions, 'featureNames' | 'onIteration'>
> = {
  trees: 500,
  learningRate: 0.1,
  maxDepth: 6,
  maxBins: 256,
  lambda: 1,
  minChildWeight: 0,
  minSplitGain: 0,
  sigma: 1,
  subsample: 1,
  seed: 42,
  evalAt: 10,
  earlyStoppingRounds: 50,
};

/** The validation curve of a training run. */
export interface TrainingHistory {
  /** Validation NDCG@evalAt after each round (empty without validation data). */
  validationNdcg: number[];
  /** Round (1-based tree count) with the best validation NDCG, the one the model keeps. */
  bestIteration: number;
  stoppedEarly: boolean;
}

/** Quantile-bins a feature matrix once; the bins are reused by every tree. */
export function binMatrix(
  features: Float32Array,
  numFeatures: number,
  maxBins: number,
): BinnedMatrix {
  const rows = features.length / numFeatures;
  const edges: Float32Array[] = [];
  const column = new Float32Array(rows);
  const bins = new Uint16Array(rows * numFeatures);
  const histogramOffset = new Uint32Array(numFeatures);
  let size = 0;
  for (let f = 0; f < numFeatures; f++) {
    for (let r = 0; r < rows; r++) column[r] = features[r * numFeatures + f];
    const featureEdges = binEdges(column, maxBins);
    edges.push(featureEdges);
    histogramOffset[f] = size;
    for (let r = 0; r < rows; r++)
      bins[r * numFeatures + f] = size + binOf(featureEdges, column[r]);
    size += featureEdges.length + 1;
  }
  return { rows, features: numFeatures, bins, edges, histogramOffset, histogramSize: size };
}

/**
 * LambdaMART (Burges 2010; Wu et al. 2010): gradient-boosted regression trees fitted by Newton
 * steps to LambdaRank gradients whose pair weights are NDCG deltas. With `validation`, the
 * validation NDCG@evalAt is computed after each round; training stops after
 * `earlyStoppingRounds` rounds without improvement and the model keeps the best round's trees.
 */
export function trainLambdaMart(
  train: RankingData,
  options: LambdaMartOptions = {},
  validation?: RankingData,
): { model: RankingModel; history: TrainingHistory } {
  const o = { ...LAMBDAMART_DEFAULTS, ...stripUndefined(options) };
  checkData(train, 'training');
  if (validation) checkData(validation, 'validation');
  if (validation && validation.numFeatures !== train.numFeatures)
    throw new Error(
      `validation data has ${validation.numFeatures} features, training data ${train.numFeatures}`,
    );
  if (o.maxBins < 2 || o.maxBins > 256)
    throw new Error(`maxBins must be in 2..256, got ${o.maxBins}`);
  const featureNames =
    options.featureNames ?? Array.from({ length: train.numFeatures }, (_, f) => `f${f}`);
  if (featureNames.length !== train.numFeatures)
    throw new Error(`${featureNames.length} feature names for ${train.numFeatures} features`);
  const matrix = binMatrix(train.features, train.numFeatures, o.maxBins);
  const n = matrix.rows;
  const scores = new Float64Array(n);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const rows = new Uint32Array(n);
  const random = mulberry32(o.seed);
  const queries = train.offsets.length - 1;
  const validScores = validation ? new Float64Array(validation.labels.length) : undefined;
  const model = new RankingModel({ featureNames, trees: [], baseScore: 0 });
  const history: TrainingHistory = { validationNdcg: [], bestIteration: 0, stoppedEarly: false };
  let best = -Infinity;
  for (let round = 0; round < o.trees; round++) {
    lambdaGradients(train.labels, scores, train.offsets, grad, hess, o.sigma);
    let count = 0;
    for (let q = 0; q < queries; q++) {
      if (o.subsample < 1 && random() >= o.subsample) continue;
      for (let i = train.offsets[q]; i < train.offsets[q + 1]; i++) rows[count++] = i;
    }
    const tree = growTree(matrix, grad, hess, rows, count, o, (value, start, end) => {
      for (let i = start; i < end; i++) scores[rows[i]] += value;
    });
    if (o.subsample < 1) {
      // Rows outside the sample still need this tree's output.
      const seen = new Uint8Array(n);
      for (let i = 0; i < count; i++) seen[rows[i]] = 1;
      for (let r = 0; r < n; r++)
        if (!seen[r])
          scores[r] += model.predictTreeRow(tree, train.features, r * train.numFeatures);
    }
    model.trees.push(tree);
    let ndcg = NaN;
    if (validation && validScores) {
      for (let r = 0; r < validScores.length; r++)
        validScores[r] += model.predictTreeRow(
          tree,
          validation.features,
          r * validation.numFeatures,
        );
      ndcg = meanNdcg(validation.labels, validScores, validation.offsets, o.evalAt);
      history.validationNdcg.push(ndcg);
      if (ndcg > best) {
        best = ndcg;
        history.bestIteration = round + 1;
      } else if (
        o.earlyStoppingRounds > 0 &&
        round + 1 - history.bestIteration >= o.earlyStoppingRounds
      ) {
        history.stoppedEarly = true;
        options.onIteration?.(round + 1, o.trees, ndcg);
        break;
      }
    } else {
      history.bestIteration = round + 1;
    }
    options.onIteration?.(round + 1, o.trees, ndcg);
  }
  model.trees.length = history.bestIteration;
  return { model, history };
}

function checkData(data: RankingData, name: string): void {
  const rows = data.labels.length;
  if (data.features.length !== rows * data.numFeatures)
    throw new Error(
      `${name} data: ${data.features.length} feature values for ${rows} rows x ${data.numFeatures} features`,
    );
  if (
    data.offsets.length < 2 ||
    data.offsets[0] !== 0 ||
    data.offsets[data.offsets.length - 1] !== rows
  )
    throw new Error(`${name} data: query offsets must run from 0 to ${rows}`);
  if (rows === 0) throw new Error(`${name} data has no rows`);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
