import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { versionReport } from '@mesh/inference';
import type { Output } from '@mesh/output';
import { appendStepSummary } from '@mesh/pipeline';
import { renderPng } from '@mesh/report';
import { withRegistry } from './open-workspace-registry';

/** Options of `mesh models report`. */
export interface ReportOptions {
  cwd: string;
  output: Output;
  /** Version id or `MODEL@alias`. */
  version: string;
  /** The HTML file to write. Default: `<VERSION>.report.html` in the working folder. */
  outputFile?: string;
  /** Also write each plot as PNG (DejaVu Sans) into this folder, e.g. for a CI job summary. */
  png?: string;
  /** Append the headline metric across versions to the GitHub job summary (`GITHUB_STEP_SUMMARY`). */
  summary?: boolean;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh models report`: writes a version's self-contained report.html (and PNGs of its plots). */
export async function report(options: ReportOptions): Promise<number> {
  const { output } = options;
  const rendered = await withRegistry(options, (registry, meshHome) =>
    output.step(`Rendering the report of ${options.version}`, () =>
      versionReport(registry, options.version, meshHome),
    ),
  );
  const target = resolve(options.cwd, options.outputFile ?? `${rendered.versionId}.report.html`);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.partial`;
  writeFileSync(temporary, rendered.html);
  renameSync(temporary, target);
  const pngs: string[] = [];
  if (options.png) {
    const folder = resolve(options.cwd, options.png);
    mkdirSync(folder, { recursive: true });
    for (const plot of rendered.plots) {
      const file = join(folder, `${plot.name}.png`);
      writeFileSync(file, renderPng(plot.svg));
      pngs.push(file);
    }
  }
  if (options.summary && rendered.summary)
    appendStepSummary(rendered.summary, options.env ?? process.env, output);
  if (options.json)
    output.json({
      version: rendered.versionId,
      html: target,
      plots: rendered.plots.map((p) => p.name),
      pngs,
    });
  else
    output.success(
      `${rendered.versionId}: report with ${rendered.plots.length} plots in ${shown(options.cwd, target)}${pngs.length ? `; PNGs in ${options.png}` : ''}`,
    );
  return 0;
}

function shown(cwd: string, path: string): string {
  const relativePath = relative(cwd, path);
  return relativePath && !relativePath.startsWith('..') ? relativePath : path;
}
