import type { PlotSpec } from './plot-spec';

/** Metrics a report headlines, in order of preference: the first a project's versions have wins. */
export const HEADLINE_METRICS = [
  'f1',
  'macro_f1',
  'accuracy',
  'ndcg',
  'ndcg@10',
  'map',
  'auc',
  'roc_auc',
  'precision',
  'recall',
];

/** The headline metric of a set of metrics: the first of {@link HEADLINE_METRICS} present, else the first by name. */
export function headlineMetric(metrics: Record<string, number>): string | undefined {
  return HEADLINE_METRICS.find((name) => name in metrics) ?? Object.keys(metrics).sort()[0];
}

/** A version as the headline plot needs it. */
export interface HistoryPoint {
  id: string;
  number: number;
  createdAt: string;
  metrics: Record<string, number>;
}

/**
 * The project's headline metric across all its versions, as a Vega-Lite line with points,
 * `highlight` (the report's own version) drawn larger.
 */
export function headlinePlot(
  model: string,
  metric: string,
  history: readonly HistoryPoint[],
  highlight?: string,
): PlotSpec {
  const values = history
    .filter((point) => typeof point.metrics[metric] === 'number')
    .map((point) => ({
      version: point.number,
      id: point.id,
      [metric]: point.metrics[metric],
      created: point.createdAt,
      current: point.id === highlight,
    }));
  return {
    name: 'headline',
    title: `${metric} of every ${model} version`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 480,
      height: 220,
      data: { values },
      layer: [
        {
          mark: { type: 'line', color: '#4c78a8' },
          encoding: {
            x: {
              field: 'version',
              type: 'quantitative',
              title: 'version',
              axis: { tickMinStep: 1, format: 'd' },
            },
            y: { field: metric, type: 'quantitative', title: metric, scale: { zero: false } },
          },
        },
        {
          mark: { type: 'point', filled: true },
          encoding: {
            x: { field: 'version', type: 'ordinal' },
            y: { field: metric, type: 'quantitative' },
            size: { condition: { test: 'datum.current', value: 160 }, value: 40 },
            color: { condition: { test: 'datum.current', value: '#e45756' }, value: '#4c78a8' },
            tooltip: [
              { field: 'id', type: 'nominal' },
              { field: metric, type: 'quantitative', format: '.4f' },
              { field: 'created', type: 'nominal' },
            ],
          },
        },
      ],
    },
  };
}

/**
 * The headline metric across versions as Markdown for a GitHub job summary: a Mermaid line chart
 * (GitHub renders Mermaid in Markdown; a summary cannot show inline images) and a table.
 */
export function headlineMarkdown(
  model: string,
  metric: string,
  history: readonly HistoryPoint[],
  highlight?: string,
): string {
  const points = history.filter((point) => typeof point.metrics[metric] === 'number');
  const values = points.map((point) => point.metrics[metric]);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low) * 0.1 || 0.05;
  return [
    `#### ${metric} of every ${model} version`,
    '',
    '```mermaid',
    'xychart-beta',
    `  x-axis "version" [${points.map((point) => point.number).join(', ')}]`,
    `  y-axis "${metric}" ${(low - pad).toFixed(3)} --> ${(high + pad).toFixed(3)}`,
    `  line [${values.map((value) => value.toFixed(4)).join(', ')}]`,
    '```',
    '',
    `| version | ${metric} |`,
    '| --- | ---: |',
    ...points
      .slice(-10)
      .map(
        (point) =>
          `| ${point.id === highlight ? `**${point.id}**` : point.id} | ${point.metrics[metric].toFixed(4)} |`,
      ),
    '',
  ].join('\n');
}
