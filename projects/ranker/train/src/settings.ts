import { num, str } from '@mesh/settings';

/** The settings of ranker-train: environment, then config/<ENVIRONMENT>.env, then these defaults. */
export const settingsSpec = {
  TRAINING_DATA_URI: str({
    desc: 'Labelled training data, JSONL with text and label',
    default: 'data/train.jsonl',
  }),
  EVAL_DATA_URI: str({
    desc: 'Labelled evaluation data, JSONL with text and label',
    default: 'data/eval.jsonl',
  }),
  MIN_ACCURACY: num({ desc: 'Quality gate: the run fails if accuracy is below this', default: 0 }),
};

/** The data shipped in data/: what a run reads instead of its data URIs when USE_SAMPLE_DATA=true. */
export const SAMPLE_DATA = { training: 'data/train.jsonl', evaluation: 'data/eval.jsonl' } as const;

/** The data a run reads: the shipped sample data when USE_SAMPLE_DATA is true (pull-request CI), else the URIs. */
export function dataUris(values: {
  TRAINING_DATA_URI: string;
  EVAL_DATA_URI: string;
  USE_SAMPLE_DATA: boolean;
}): { training: string; evaluation: string } {
  return values.USE_SAMPLE_DATA
    ? { ...SAMPLE_DATA }
    : { training: values.TRAINING_DATA_URI, evaluation: values.EVAL_DATA_URI };
}
