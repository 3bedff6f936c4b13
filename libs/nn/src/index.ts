export { OneHiddenLayerNetwork, sigmoid, type NetworkFile } from './network';
export { SeededRandom } from './random';
export {
  accumulateGradient,
  crossEntropy,
  stratifiedSplit,
  trainNetwork,
  TRAIN_DEFAULTS,
  type EpochReport,
  type TrainOptions,
  type TrainResult,
} from './train';
