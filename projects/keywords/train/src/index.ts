export { evaluate, scoreAtK, type Evaluation, type Scores } from './evaluate';
export { fitKeywordModel, type FitOptions, type Selection } from './model/fit';
export {
  KeywordModel,
  MODEL_FORMAT,
  type ExtractOptions,
  type KeywordModelFile,
} from './model/keyword-model';
export type { Keyphrase } from './model/kp-miner';
export type { KeywordParams, StopWordsMode } from './model/params';
export { trainKeywordModel, type TrainingDocument } from './model/train';
export { settingsSpec } from './settings';
export { MODEL_FILE, trainPipeline } from './train-pipeline';
