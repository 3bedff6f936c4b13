export {
  fitLogisticDual,
  logisticObjective,
  type DualCdOptions,
  type DualCdResult,
} from './dual-coordinate-descent';
export { hashColumn, murmur3 } from './hashing';
export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from './lbfgs';
export {
  decisionValues,
  predictProbabilities,
  probabilitiesFromDecisions,
  sigmoid,
  trainLogisticRegression,
  type LogisticModel,
  type LogisticRegressionOptions,
} from './logistic-regression';
export {
  averagePrecision,
  classificationReport,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  type ClassificationReport,
  type ClassScores,
  type PrPoint,
  type RocPoint,
} from './metrics';
export { mulberry32 } from './mulberry32';
export { SeededRandom } from './rng';
export { shuffle } from './shuffle';
export { CsrBuilder, rowDot, selectRows, type CsrMatrix } from './sparse';
export { stratifiedSplit, type Split } from './split';
