import { join } from 'node:path';
import { readSentences } from './data/read-sentences';
import { evaluateTagger, metricsOf } from './evaluation';
import { MODEL_FILE, NerModel } from './model/ner-model';
import { tokenize } from './text/tokenize';
import type { EvaluateOptions, EvaluationResult, Predictor } from '@mesh/pipeline';
export type { EvaluationResult, Predictor } from '@mesh/pipeline';

// The platform's shapes (@mesh/pipeline, issue 12), declared here until that branch is merged.
/** One entity found in an input. */
export interface Entity {
  type: string;
  /** Token index (for `{tokens}` inputs) or character offset (for `{text}` inputs) of the first token. */
  start: number;
  /** End, exclusive, in the same unit as `start`. */
  end: number;
  /** The entity as written: the tokens joined by spaces, or the slice of the text. */
  text: string;
}

/**
 * Tags one input: `{ tokens: string[] }` (already tokenised; spans are token indices) or
 * `{ text: string }` (tokenised by {@link tokenize}; spans are character offsets into the text).
 */
export function predictOne(
  model: NerModel,
  input: Record<string, unknown>,
  index = 0,
): { entities: Entity[] } {
  const where = `input ${index}`;
  if (input === null || typeof input !== 'object')
    throw new Error(`${where} must be an object with "tokens" or "text"`);
  if ('tokens' in input) {
    const tokens = input.tokens;
    if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string' && t.length > 0))
      throw new Error(`${where}: field "tokens" must be an array of non-empty strings`);
    return {
      entities: model.entities(tokens).map(({ type, start, end }) => ({
        type,
        start,
        end,
        text: tokens.slice(start, end).join(' '),
      })),
    };
  }
  if (typeof input.text === 'string') {
    const text = input.text;
    const tokens = tokenize(text);
    return {
      entities: model.entities(tokens.map((t) => t.text)).map(({ type, start, end }) => ({
        type,
        start: tokens[start].start,
        end: tokens[end - 1].end,
        text: text.slice(tokens[start].start, tokens[end - 1].end),
      })),
    };
  }
  throw new Error(`${where}: give field "tokens" (an array of strings) or field "text" (a string)`);
}

/** Loads a version's artifacts from a folder (the run folder layout, as registered) and answers batches. */
export async function loadPredictor(modelDir: string): Promise<Predictor> {
  const model = NerModel.load(join(modelDir, MODEL_FILE));
  return {
    predict: async (inputs) => inputs.map((input, i) => predictOne(model, input, i)),
  };
}

/**
 * Scores the version in modelDir on tagged data (CoNLL columns or JSONL, the readers and errors
 * of training) with conlleval's entity-level metrics. `env.TAG_COLUMN` picks the CoNLL tag
 * column as in training.
 */
export async function evaluate(
  modelDir: string,
  dataUri: string,
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const model = NerModel.load(join(modelDir, MODEL_FILE));
  const tagColumn = options.env?.TAG_COLUMN ? Number(options.env.TAG_COLUMN) : -1;
  if (!Number.isInteger(tagColumn))
    throw new Error(`TAG_COLUMN=${options.env?.TAG_COLUMN} is not an integer column index`);
  const data = await readSentences(dataUri, { cwd: options.cwd, tagColumn });
  const evaluation = evaluateTagger(
    (tokens) => model.tag(tokens),
    data.sentences,
    data.scheme,
    model.types,
    options.onProgress,
  );
  return { metrics: metricsOf(evaluation), records: data.sentences.length, digest: data.digest };
}
