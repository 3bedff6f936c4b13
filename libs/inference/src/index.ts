export { InferenceError, VerificationError } from './errors';
export {
  openVersionPredictor,
  resolveVersionRef,
  type OpenVersionPredictorOptions,
  type VersionPredictor,
} from './open-version-predictor';
export { predictJsonLines, type PredictJsonLinesOptions } from './predict-json-lines';
export { loadPredictorModule } from './predictor-module';
export { verifyPredictions, type VerificationReport } from './verify-version';
export {
  contentDigest,
  fetchVersion,
  type FetchedVersion,
  type FetchVersionOptions,
} from './version-cache';
export { versionReport } from './version-report';
export {
  predictComponentStdin,
  type PredictComponentStdinOptions,
} from './predict-component-stdin';
