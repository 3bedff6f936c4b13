import type { NerEvaluation } from './evaluation';

/** One plot the platform renders into the report. */
export interface Plot {
  name: string;
  title: string;
  spec: Record<string, unknown>;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Per-type F1 bars (model beside baseline) and the heatmap of gold type against predicted type. */
export function makePlots(model: NerEvaluation, baseline: NerEvaluation): Plot[] {
  const bars = Object.entries(model.byType).flatMap(([type, scores]) => [
    { type, system: 'model', f1: scores.f1 },
    { type, system: 'baseline', f1: baseline.byType[type]?.f1 ?? 0 },
  ]);
  const cells = Object.entries(model.confusion).flatMap(([gold, row]) =>
    Object.entries(row).map(([predicted, count]) => ({ gold, predicted, count })),
  );
  return [
    {
      name: 'f1-by-type',
      title: 'Entity F1 per type (conlleval), model and most-frequent-tag baseline',
      spec: {
        $schema: SCHEMA,
        data: { values: bars },
        mark: 'bar',
        encoding: {
          x: { field: 'type', type: 'nominal', title: 'entity type' },
          xOffset: { field: 'system' },
          y: { field: 'f1', type: 'quantitative', title: 'F1', scale: { domain: [0, 1] } },
          color: { field: 'system', type: 'nominal' },
        },
      },
    },
    {
      name: 'type-confusion',
      title: 'Gold entities by the type predicted for the same span (O: no entity with that span)',
      spec: {
        $schema: SCHEMA,
        data: { values: cells },
        mark: 'rect',
        encoding: {
          x: { field: 'predicted', type: 'nominal', title: 'predicted type' },
          y: { field: 'gold', type: 'nominal', title: 'gold type' },
          color: { field: 'count', type: 'quantitative' },
          tooltip: [{ field: 'gold' }, { field: 'predicted' }, { field: 'count' }],
        },
      },
    },
  ];
}
