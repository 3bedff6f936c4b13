import { writeFileSync } from 'node:fs';
import { csvField } from './logs/csv';
import type { LogRecord } from './logs/log-record';
import type { Template } from './model/template-model';

/** Artifact names in the run folder (and in the registered version). */
export const ARTIFACTS = {
  model: 'model.json',
  vocabulary: 'vocab.txt',
  templates: 'templates.csv',
  structured: 'structured.csv',
  windows: 'windows.tar.gz',
  plots: 'plots.json',
} as const;

/** `EventId,EventTemplate,Occurrences`, as log-parsing benchmarks list templates. */
export function writeTemplatesCsv(path: string, templates: readonly Template[]): void {
  const lines = ['EventId,EventTemplate,Occurrences'];
  for (const template of templates)
    lines.push([template.eventId, template.template, template.count].map(csvField).join(','));
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** `LineId,Content,EventId,EventTemplate`: every message with its template, the layout benchmarks score. */
export function writeStructuredCsv(
  path: string,
  records: readonly LogRecord[],
  eventIds: readonly string[],
  templates: readonly string[],
): void {
  const lines = ['LineId,Content,EventId,EventTemplate'];
  records.forEach((record, index) =>
    lines.push(
      [record.lineId, record.content, eventIds[index], templates[index]].map(csvField).join(','),
    ),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** plots.json: the templates by number of training messages (the 30 most frequent), a Vega-Lite bar chart. */
export function templatePlots(templates: readonly Template[]): unknown[] {
  const values = templates.slice(0, 30).map((template) => ({
    eventId: template.eventId,
    template:
      template.template.length > 60 ? `${template.template.slice(0, 57)}...` : template.template,
    count: template.count,
  }));
  return [
    {
      name: 'template-counts',
      title: `Messages per template (${Math.min(templates.length, 30)} most frequent of ${templates.length})`,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        data: { values },
        mark: 'bar',
        encoding: {
          y: { field: 'template', type: 'nominal', sort: '-x', title: 'template' },
          x: { field: 'count', type: 'quantitative', title: 'messages' },
          tooltip: [{ field: 'eventId' }, { field: 'template' }, { field: 'count' }],
        },
      },
    },
  ];
}
