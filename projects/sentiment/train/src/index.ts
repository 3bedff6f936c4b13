export { readExamples, detectFormat, type ReadExamplesOptions } from './data/read-examples';
export { parseLabelMap, type Example, type ExampleSet, type DataFormat } from './data/example';
export { evaluateClassifier, type Evaluation } from './evaluation';
export {
  SentimentModel,
  MODEL_FORMAT,
  type SentimentModelFile,
  type SentimentPrediction,
} from './model/sentiment-model';
export { trainNbsvm, type NbsvmParams } from './model/train-nbsvm';
export { evaluate, loadPredictor, type Predictor, type EvaluationResult } from './predict';
export { settingsSpec } from './settings';
export { MODEL_FILE, trainPipeline } from './train-pipeline';
