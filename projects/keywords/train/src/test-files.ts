import { writeFileSync } from 'node:fs';
import type { KeywordModel } from './model/keyword-model';
import type { KeywordParams } from './model/params';
import type { CorpusRecord } from './records';

/** The seed's test files: sample inputs, the inference params, and the model's predictions on them. */
export interface TestFiles {
  inputs: Array<{ id: string; lang: string; text: string }>;
  inferenceParams: {
    top_n: number;
    keyphrase_ngram_range: readonly [number, number];
    stop_words: string;
    candidates: string;
  };
  predictions: Array<{ id: string; keyphrases: Array<{ phrase: string; score: number }> }>;
}

/** Runs the model on the sample inputs and records inputs, params and predictions. */
export function makeTestFiles(
  model: KeywordModel,
  samples: readonly CorpusRecord[],
  params: KeywordParams,
): TestFiles {
  return {
    inputs: samples.map(({ id, lang, text }) => ({ id, lang, text })),
    inferenceParams: {
      top_n: params.topN,
      keyphrase_ngram_range: params.ngramRange,
      stop_words: params.stopWords,
      candidates: params.candidates,
    },
    predictions: samples.map((sample) => ({
      id: sample.id,
      keyphrases: model
        .extract(sample.text, { language: sample.lang })
        .map(({ phrase, score }) => ({ phrase, score })),
    })),
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
