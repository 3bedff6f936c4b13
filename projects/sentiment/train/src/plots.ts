import type { Evaluation } from './evaluation';

/** A plot for the report: a complete Vega-Lite spec with inline data. */
export interface Plot {
  name: string;
  title: string;
  spec: Record<string, unknown>;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Thins a curve to at most `limit` points, keeping both ends, so specs stay small. */
function thin<T>(points: T[], limit = 400): T[] {
  if (points.length <= limit) return points;
  const step = (points.length - 1) / (limit - 1);
  return Array.from({ length: limit }, (_, i) => points[Math.round(i * step)]);
}

/** The confusion matrix as a heat map; ROC and precision-recall curves for two labels. */
export function makePlots(evaluation: Evaluation): Plot[] {
  const cells = evaluation.report.confusion.flatMap((row, t) =>
    row.map((count, p) => ({ true: evaluation.labels[t], predicted: evaluation.labels[p], count })),
  );
  const plots: Plot[] = [
    {
      name: 'confusion-matrix',
      title: 'Confusion matrix on the evaluation data',
      spec: {
        $schema: SCHEMA,
        data: { values: cells },
        encoding: {
          x: {
            field: 'predicted',
            type: 'nominal',
            sort: evaluation.labels,
            title: 'predicted label',
          },
          y: { field: 'true', type: 'nominal', sort: evaluation.labels, title: 'true label' },
        },
        layer: [
          {
            mark: 'rect',
            encoding: {
              color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } },
            },
          },
          {
            mark: { type: 'text', fontSize: 12 },
            encoding: { text: { field: 'count', type: 'quantitative' } },
          },
        ],
      },
    },
  ];
  if (evaluation.binary) {
    const { positiveLabel, roc, precisionRecall } = evaluation.binary;
    const auc = evaluation.metrics.roc_auc;
    plots.push(
      {
        name: 'roc-curve',
        title: `ROC curve for "${positiveLabel}"${auc === undefined ? '' : ` (AUC ${auc.toFixed(4)})`}`,
        spec: {
          $schema: SCHEMA,
          data: {
            values: thin(roc).map((p) => ({ fpr: p.falsePositiveRate, tpr: p.truePositiveRate })),
          },
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            x: {
              field: 'fpr',
              type: 'quantitative',
              title: 'false positive rate',
              scale: { domain: [0, 1] },
            },
            y: {
              field: 'tpr',
              type: 'quantitative',
              title: 'true positive rate',
              scale: { domain: [0, 1] },
            },
          },
        },
      },
      {
        name: 'precision-recall-curve',
        title: `Precision-recall curve for "${positiveLabel}" (AP ${evaluation.metrics.average_precision.toFixed(4)})`,
        spec: {
          $schema: SCHEMA,
          data: {
            values: thin(precisionRecall).map((p) => ({
              recall: p.recall,
              precision: p.precision,
            })),
          },
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            x: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] } },
            y: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] } },
          },
        },
      },
    );
  }
  return plots;
}
