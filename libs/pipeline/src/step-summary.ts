import { appendFileSync } from 'node:fs';
import type { Output } from '@mesh/output';

/**
 * Appends Markdown to the job summary of a GitHub Actions step (the file `GITHUB_STEP_SUMMARY`
 * names); does nothing elsewhere. The summary is a report, not the run's result: a failure to
 * write it warns and carries on.
 */
export function appendStepSummary(
  markdown: string,
  env: Record<string, string | undefined>,
  output?: Output,
): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  } catch (error) {
    output?.warn(`Could not write the job summary ${file}: ${(error as Error).message}`);
  }
}

/** The job summary of a registered version: its id and a table of its metrics. */
export function registeredSummary(
  name: string,
  environment: string,
  version: string,
  metrics: Record<string, number>,
  sampleData: boolean,
): string {
  const rows = Object.entries(metrics).map(
    ([metric, value]) => `| ${metric} | ${value.toFixed(4)} |`,
  );
  return [
    `### ${name}: registered \`${version}\``,
    '',
    `Environment \`${environment}\`, ${sampleData ? 'sample data only (USE_SAMPLE_DATA=true)' : 'the data URIs of its settings'}.`,
    '',
    '| metric | value |',
    '| --- | ---: |',
    ...rows,
    '',
  ].join('\n');
}
