import {
  rankingReport,
  seededRandom,
  trainLambdaMart,
  type RankingData,
  type TrainingHistory,
} from '@mesh/ltr';
import type { LabelledData } from '../data/load';
import { selectQueries } from './dataset';
import {
  encodeFeatures,
  FEATURE_NAMES,
  learnCategoryEncoding,
  type CategoryEncoding,
} from './features';
import { RankerModel } from './ranker-model';
import { fitRelevanceScale, toRelevance, type RelevanceScale } from './relevance';

/** Hyperparameters of the ranker; defaults are the original's (depth 6, rate 0.1, 500 iterations, seed 42). */
export interface RankerParams {
  iterations: number;
  depth: number;
  learningRate: number;
  seed: number;
  /** Stop after this many rounds without a better validation NDCG@evalAt. */
  earlyStoppingRounds: number;
  /** Share of the queries (snapshots) held out for validation and early stopping. */
  validationFraction: number;
  evalAt: number;
  maxBins: number;
  /** L2 penalty on leaf values. */
  l2: number;
  /** Relevance grades real-valued targets are mapped onto. */
  relevanceLevels: number;
}

export const DEFAULT_PARAMS: RankerParams = {
  iterations: 500,
  depth: 6,
  learningRate: 0.1,
  seed: 42,
  earlyStoppingRounds: 50,
  validationFraction: 0.2,
  evalAt: 10,
  maxBins: 256,
  l2: 1,
  relevanceLevels: 5,
};

/** Rows ready for the trees: encoded features, graded labels, query offsets, and what they were. */
export interface EncodedData extends RankingData {
  queryIds: string[];
  /** Per row: the pid (snapshots) or the line's index in its query (svmlight). */
  documentIds: number[];
}

/** Encodes labelled data with a model's (or about-to-be model's) encoding and relevance scale. */
export function encode(
  data: LabelledData,
  encoding: CategoryEncoding,
  relevance: RelevanceScale,
): EncodedData {
  if (data.svmlight) {
    const { features, numFeatures, labels, offsets, queryIds } = data.svmlight;
    const documentIds: number[] = [];
    for (let q = 0; q + 1 < offsets.length; q++)
      for (let r = offsets[q]; r < offsets[q + 1]; r++) documentIds.push(r - offsets[q]);
    return {
      features,
      numFeatures,
      labels: toRelevance(labels, relevance),
      offsets: Uint32Array.from(offsets),
      queryIds,
      documentIds,
    };
  }
  const snapshots = data.snapshots!;
  return {
    features: encodeFeatures(snapshots.rows, encoding),
    numFeatures: FEATURE_NAMES.length,
    labels: toRelevance(snapshots.targets, relevance),
    offsets: Uint32Array.from(snapshots.offsets),
    queryIds: snapshots.snapshotIds.map(String),
    documentIds: snapshots.pids,
  };
}

/** Splits labelled data by query (snapshot): a seeded shuffle puts `fraction` of them in validation. */
export function splitByQuery(
  data: LabelledData,
  fraction: number,
  seed: number,
): { train: LabelledData; validation: LabelledData } {
  const queries = data.svmlight
    ? data.svmlight.offsets.length - 1
    : data.snapshots!.offsets.length - 1;
  const random = seededRandom(seed);
  const order = Array.from({ length: queries }, (_, q) => q);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const held = new Set(order.slice(0, Math.round(queries * fraction)));
  if (queries >= 2 && held.size === 0) held.add(order[0]);
  if (held.size === queries) held.delete(order[0]);
  const pick = (keep: (q: number) => boolean): LabelledData => {
    if (data.snapshots) return { ...data, snapshots: selectQueries(data.snapshots, keep) };
    const s = data.svmlight!;
    const width = s.numFeatures;
    const rows: number[] = [];
    const offsets = [0];
    const queryIds: string[] = [];
    const labels: number[] = [];
    for (let q = 0; q < queries; q++) {
      if (!keep(q)) continue;
      for (let r = s.offsets[q]; r < s.offsets[q + 1]; r++) {
        rows.push(r);
        labels.push(s.labels[r]);
      }
      offsets.push(rows.length);
      queryIds.push(s.queryIds[q]);
    }
    const features = new Float32Array(rows.length * width);
    rows.forEach((row, i) =>
      features.set(s.features.subarray(row * width, (row + 1) * width), i * width),
    );
    return { ...data, svmlight: { features, numFeatures: width, labels, offsets, queryIds } };
  };
  return { train: pick((q) => !held.has(q)), validation: pick((q) => held.has(q)) };
}

function targetsOf(data: LabelledData): number[] {
  return data.svmlight ? data.svmlight.labels : data.snapshots!.targets;
}

/**
 * Trains the ranker: category codes and relevance scale learnt on the training queries, then
 * LambdaMART with early stopping on the validation queries' NDCG@evalAt.
 */
export function trainRanker(
  train: LabelledData,
  validation: LabelledData | undefined,
  params: RankerParams,
  onIteration?: (round: number, total: number, ndcg: number) => void,
): { model: RankerModel; history: TrainingHistory; train: EncodedData; validation?: EncodedData } {
  const relevance = fitRelevanceScale(targetsOf(train), params.relevanceLevels);
  const grades = toRelevance(targetsOf(train), relevance);
  const encoding: CategoryEncoding = train.snapshots
    ? learnCategoryEncoding(train.snapshots.rows, grades)
    : { categories: {} };
  const trainSet = encode(train, encoding, relevance);
  const validSet = validation ? encode(validation, encoding, relevance) : undefined;
  const featureNames = train.svmlight
    ? Array.from({ length: train.svmlight.numFeatures }, (_, f) => `f${f + 1}`)
    : FEATURE_NAMES;
  const { model, history } = trainLambdaMart(
    trainSet,
    {
      trees: params.iterations,
      maxDepth: params.depth,
      learningRate: params.learningRate,
      seed: params.seed,
      earlyStoppingRounds: params.earlyStoppingRounds,
      evalAt: params.evalAt,
      maxBins: params.maxBins,
      lambda: params.l2,
      featureNames,
      onIteration,
    },
    validSet,
  );
  const ranker = new RankerModel(
    model,
    train.svmlight ? 'svmlight' : 'snapshots',
    encoding,
    relevance,
    {
      ...params,
      trees: model.trees.length,
      best_iteration: history.bestIteration,
      stopped_early: history.stoppedEarly,
    },
  );
  const sample = validSet ?? trainSet;
  ranker.sampleRows = sample.features.slice(
    0,
    Math.min(20, sample.labels.length) * sample.numFeatures,
  );
  return { model: ranker, history, train: trainSet, validation: validSet };
}

/** NDCG@1/5/10 and MAP (both conventions) of the model on encoded data. */
export function scoreReport(model: RankerModel, data: EncodedData): Record<string, number> {
  return rankingReport(data.labels, model.ensemble.predict(data.features), data.offsets);
}
