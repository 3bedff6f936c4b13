import { join } from 'node:path';
import { readJsonLines } from '@mesh/data';
import type { EvaluateOptions, EvaluationResult, Predictor } from '@mesh/pipeline';
import { evaluate as scoreModel } from './evaluate';
import { evaluationMetrics } from './metrics';
import { KeywordModel } from './model/keyword-model';
import { parseEvaluationRecord } from './records';
import { isLanguage, type Language } from './text/languages';
import { MODEL_FILE } from './train-pipeline';

/** One input of the keywords predictor: a text, and its language when known. */
export interface KeywordsInput {
  text: string;
  /** `en`, `de` or `es`, one of the model's languages. Default: detected among the model's languages. */
  lang?: Language;
  /** The document's title, which the supervised ranker uses. Default: none. */
  title?: string;
}

/** One output: the text's best keyphrases, most relevant first, as many as the version's TOP_N. */
export interface KeywordsOutput {
  keyphrases: Array<{ phrase: string; score: number }>;
}

/**
 * Loads a registered keywords version from its folder (`model.json` in the run folder layout)
 * and answers batches of `{text, lang?}` with `{keyphrases: [{phrase, score}]}`.
 */
export async function loadPredictor(modelDir: string): Promise<Predictor> {
  const model = KeywordModel.load(join(modelDir, MODEL_FILE));
  return {
    async predict(inputs) {
      return inputs.map((input, index) => predictOne(model, input, index));
    },
  };
}

function predictOne(
  model: KeywordModel,
  input: Record<string, unknown>,
  index: number,
): KeywordsOutput & Record<string, unknown> {
  const where = `input ${index + 1} of the batch`;
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new Error(`${where}: expected a JSON object like {"text": "...", "lang": "en"}`);
  if (typeof input.text !== 'string' || input.text.trim() === '')
    throw new Error(`${where}: field "text" must be a non-empty string`);
  if (
    input.lang !== undefined &&
    (!isLanguage(input.lang) || !model.languages.includes(input.lang))
  )
    throw new Error(
      `${where}: field "lang" must be one of the model's languages ${model.languages.join(', ')}, or absent to detect it (got ${JSON.stringify(input.lang)})`,
    );
  if (input.title !== undefined && typeof input.title !== 'string')
    throw new Error(`${where}: field "title" must be a string when given`);
  const keyphrases = model
    .extract(input.text, {
      language: input.lang as Language | undefined,
      title: input.title as string | undefined,
    })
    .map(({ phrase, score }) => ({ phrase, score }));
  return { keyphrases };
}

/**
 * Scores the version in `modelDir` on a labelled JSONL set (`id`, `lang`, `text`, `keyphrases`,
 * the format of `EVAL_DATA_URI`) with the training run's own F1@k code, k being the version's
 * TOP_N. Like the training run, it scores the records in the model's languages; the metrics
 * equal the training run's on the same data.
 */
export async function evaluate(
  modelDir: string,
  dataUri: string,
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const model = KeywordModel.load(join(modelDir, MODEL_FILE));
  const data = await readJsonLines(dataUri, { cwd: options.cwd, validate: parseEvaluationRecord });
  const records = data.records.filter((record) => model.languages.includes(record.lang));
  if (records.length === 0)
    throw new Error(
      `${dataUri} has no records in the model's languages (${model.languages.join(', ')})`,
    );
  const evaluation = await scoreModel(model, records, model.params.topN, options.onProgress);
  return { metrics: evaluationMetrics(evaluation), records: records.length, digest: data.digest };
}
