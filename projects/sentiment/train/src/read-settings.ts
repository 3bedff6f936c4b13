import type { ReadExamplesOptions } from './data/read-examples';
import type { DataFormat } from './data/example';

/** The reading options the data settings describe (shared by training and `evaluate`). */
export function readOptionsOf(values: {
  DATA_FORMAT: string;
  TEXT_FIELD: string;
  LABEL_FIELD: string;
  LABEL_MAP: Record<string, string>;
  IGNORE_LABELS: string[];
}): ReadExamplesOptions {
  return {
    format: values.DATA_FORMAT as DataFormat | 'auto',
    textField: values.TEXT_FIELD,
    labelField: values.LABEL_FIELD,
    labelMap: values.LABEL_MAP,
    ignoreLabels: values.IGNORE_LABELS,
  };
}
