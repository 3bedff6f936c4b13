import { DataError } from '@mesh/data';
import {
  averagePrecision,
  classificationReport,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  type ClassificationReport,
  type PrPoint,
  type RocPoint,
} from '@mesh/ml';
import type { Example } from './data/example';

/** A classifier as the evaluation sees it: its labels and the probabilities it gives a text. */
export interface ProbabilisticClassifier {
  labels: readonly string[];
  probabilities(text: string): number[];
}

/** Everything measured on a labelled set. */
export interface Evaluation {
  labels: string[];
  metrics: Record<string, number>;
  report: ClassificationReport;
  /** For two labels: curves for the second label (the positive one, in sorted order). */
  binary?: { positiveLabel: string; roc: RocPoint[]; precisionRecall: PrPoint[] };
}

/**
 * Checks that every label of the evaluation data was seen in training; the error names the
 * file and the first line with an unknown label.
 */
export function checkLabels(
  examples: readonly Example[],
  labels: readonly string[],
  uri: string,
): void {
  const known = new Set(labels);
  const at = examples.findIndex((example) => !known.has(example.label));
  if (at === -1) return;
  const example = examples[at];
  throw new DataError(
    `label "${example.label}" is not among the training labels (${labels.join(', ')}): fix the label, set LABEL_MAP, or add it to the training data`,
    example.file ? `${uri} (${example.file})` : uri,
    example.line,
  );
}

/**
 * Scores a classifier: accuracy, macro-F1, per-label precision/recall/F1 and, for two labels,
 * ROC-AUC and average precision of the second label's probability.
 */
export function evaluateClassifier(
  classifier: ProbabilisticClassifier,
  examples: readonly Example[],
  onProgress?: (done: number, total: number) => void,
): Evaluation {
  const labels = [...classifier.labels];
  const index = new Map(labels.map((label, k) => [label, k]));
  const truth = new Int32Array(examples.length);
  const predicted = new Int32Array(examples.length);
  const positiveScores = new Float64Array(labels.length === 2 ? examples.length : 0);
  examples.forEach((example, i) => {
    const p = classifier.probabilities(example.text);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    truth[i] = index.get(example.label) ?? -1;
    predicted[i] = best;
    if (labels.length === 2) positiveScores[i] = p[1];
    if (i % 1000 === 999) onProgress?.(i + 1, examples.length);
  });
  onProgress?.(examples.length, examples.length);
  const report = classificationReport(truth, predicted, labels.length);
  const metrics: Record<string, number> = { accuracy: report.accuracy, macro_f1: report.macroF1 };
  labels.forEach((label, k) => {
    const name = metricName(label);
    metrics[`precision_${name}`] = report.perClass[k].precision;
    metrics[`recall_${name}`] = report.perClass[k].recall;
    metrics[`f1_${name}`] = report.perClass[k].f1;
  });
  let binary: Evaluation['binary'];
  if (labels.length === 2) {
    const positive = Array.from(truth, (t) => t === 1);
    const auc = rocAuc(positiveScores, positive);
    if (Number.isFinite(auc)) metrics.roc_auc = auc;
    metrics.average_precision = averagePrecision(positiveScores, positive);
    binary = {
      positiveLabel: labels[1],
      roc: rocCurve(positiveScores, positive),
      precisionRecall: precisionRecallCurve(positiveScores, positive),
    };
  }
  return { labels, metrics, report, binary };
}

/** A label as part of a metric name: lower case, letters, digits and underscores. */
export function metricName(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || 'label'
  );
}
