import { writeFileSync } from 'node:fs';
import type { SentimentModel, SentimentPrediction } from './model/sentiment-model';

/** The seed's test files: sample inputs, the inference params, and the model's predictions on them. */
export interface TestFiles {
  inputs: Array<{ text: string }>;
  inferenceParams: Record<string, unknown>;
  predictions: SentimentPrediction[];
}

/** Runs the model on the sample inputs and records inputs, params and predictions. */
export function makeTestFiles(
  model: SentimentModel,
  samples: ReadonlyArray<{ text: string }>,
): TestFiles {
  return {
    inputs: samples.map(({ text }) => ({ text })),
    inferenceParams: {},
    predictions: samples.map(({ text }) => model.predict(text)),
  };
}

/** Writes the test files as `inputs.json`, `inference_params.json` and `predictions.json`. */
export function writeTestFiles(files: TestFiles, path: (name: string) => string): string[] {
  const written: Array<[string, unknown]> = [
    ['inputs.json', files.inputs],
    ['inference_params.json', files.inferenceParams],
    ['predictions.json', files.predictions],
  ];
  return written.map(([name, content]) => {
    writeFileSync(path(name), `${JSON.stringify(content, null, 2)}\n`);
    return name;
  });
}
