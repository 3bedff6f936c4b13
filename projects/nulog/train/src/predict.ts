import { join } from 'node:path';
import { ARTIFACTS } from './artifacts';
import { readLogs } from './logs/read-logs';
import { scoreParsing } from './pipeline';
import { TemplateModel } from './model/template-model';
import type { EvaluationResult, Predictor } from '@mesh/pipeline';
export type { EvaluationResult, Predictor } from '@mesh/pipeline';

/**
 * Loads a version's model.json and maps `{line}` to `{eventId, template, score, content}`
 * (eventId null when no template fits). A raw line is split with the LOG_FORMAT the model was
 * trained with and its `<Content>` matched; a line that does not fit the format is matched whole.
 */
export async function loadPredictor(modelDir: string): Promise<Predictor> {
  const model = TemplateModel.load(join(modelDir, ARTIFACTS.model));
  return {
    async predict(inputs) {
      return inputs.map((input, index) => {
        const line = input?.line;
        if (typeof line !== 'string')
          throw new Error(`input ${index}: field "line" must be a string (a log message)`);
        const content = model.messageOf(line);
        const { eventId, template, score } = model.match(content);
        return { eventId, template, score, content };
      });
    },
  };
}

/**
 * Parsing accuracy of the version on labelled logs (a Loghub structured CSV, or JSONL with a
 * template field), computed exactly as the training run scores its evaluation data.
 * Raw logs are split with the LOG_FORMAT the model was trained with; LOG_FORMAT in `env` (default
 * `process.env`) overrides it for data in another layout.
 */
export async function evaluate(
  modelDir: string,
  dataUri: string,
  options: {
    cwd: string;
    env?: Record<string, string | undefined>;
    onProgress?: (done: number, total?: number) => void;
  },
): Promise<EvaluationResult> {
  const model = TemplateModel.load(join(modelDir, ARTIFACTS.model));
  const env = options.env ?? process.env;
  const data = await readLogs(dataUri, {
    cwd: options.cwd,
    env,
    logFormat: env.LOG_FORMAT || model.params.logFormat,
    onProgress: (lines) => options.onProgress?.(lines),
  });
  const unlabelled = data.records.findIndex((record) => record.truth === undefined);
  if (unlabelled >= 0)
    throw new Error(
      `${dataUri}: record ${unlabelled + 1} has no true template (EventTemplate/EventId column, or template/event_id field)`,
    );
  const scores = scoreParsing(model, data.records);
  options.onProgress?.(data.records.length, data.records.length);
  return {
    metrics: {
      parsing_accuracy: scores.parsing_accuracy,
      baseline_drain_accuracy: scores.baseline_drain_accuracy,
      evaluated_messages: scores.messages,
    },
    records: data.records.length,
    digest: data.digest,
  };
}
