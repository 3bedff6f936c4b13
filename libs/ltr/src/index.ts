export { binEdges, binOf } from './binning';
export { bestSplit, buildHistogram, growTree, type BinnedMatrix, type TreeParams } from './grow';
export { lambdaGradients } from './lambdarank';
export {
  binMatrix,
  LAMBDAMART_DEFAULTS,
  trainLambdaMart,
  type LambdaMartOptions,
  type RankingData,
  type TrainingHistory,
} from './lambdamart';
export {
  averagePrecisionOfGroup,
  dcgAt,
  discount,
  gain,
  idealDcgAt,
  meanAveragePrecision,
  meanNdcg,
  ndcgOfGroup,
  rankByScore,
  rankingReport,
  type EmptyQueryConvention,
} from './metrics';
export { MODEL_FORMAT, RankingModel, type RankingModelFile } from './model';
// The seeded generator boosting and the simulator use, from @mesh/ml (plain mulberry32).
export { mulberry32 as seededRandom } from '@mesh/ml';
export { syntheticLetor } from './synthetic';
export { readSvmlight, readSvmlightFile, type SvmlightData } from './svmlight';
export { leafCount, predictTree, type Tree } from './tree';
