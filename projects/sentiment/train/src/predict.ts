import { join } from 'node:path';
import { parseSettings } from '@mesh/settings';
import { readExamples } from './data/read-examples';
import { checkLabels, evaluateClassifier } from './evaluation';
import { SentimentModel } from './model/sentiment-model';
import { readOptionsOf } from './read-settings';
import { settingsSpec } from './settings';
import { MODEL_FILE } from './train-pipeline';
import type { EvaluationResult, Predictor } from '@mesh/pipeline';
export type { EvaluationResult, Predictor } from '@mesh/pipeline';

/** Loads model.json from a version's folder: `{ text }` -> `{ label, probabilities }`. */
export async function loadPredictor(modelDir: string): Promise<Predictor> {
  const model = SentimentModel.load(join(modelDir, MODEL_FILE));
  return {
    async predict(inputs) {
      return inputs.map((input, i) => {
        const text = input?.text;
        if (typeof text !== 'string') throw new Error(`input ${i}: field "text" must be a string`);
        return { ...model.predict(text) };
      });
    },
  };
}

/**
 * Scores the version in `modelDir` on labelled data, read with the training readers and the
 * data settings (DATA_FORMAT, TEXT_FIELD, LABEL_FIELD, LABEL_MAP, IGNORE_LABELS) from
 * `options.env`, else this component's config, else the defaults.
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
  const model = SentimentModel.load(join(modelDir, MODEL_FILE));
  const env = options.env ?? process.env;
  const settings = parseSettings(settingsSpec, {
    configDir: join(__dirname, '..', 'config'),
    cwd: options.cwd,
    environment: env.ENVIRONMENT ?? 'dev',
    env,
  });
  if (!settings.ok) throw new Error(`invalid settings: ${JSON.stringify(settings.problems)}`);
  const data = await readExamples(dataUri, {
    ...readOptionsOf(settings.settings.values),
    cwd: options.cwd,
  });
  checkLabels(data.examples, model.labels, dataUri);
  const evaluation = evaluateClassifier(model, data.examples, options.onProgress);
  return { metrics: evaluation.metrics, records: data.examples.length, digest: data.digest };
}
