import { headlineMetric, headlinePlot, type HistoryPoint } from './headline';
import type { PlotSpec } from './plot-spec';
import { renderSvg } from './render-svg';

/** A registered version as its report shows it (the shape of the registry's version record). */
export interface ReportVersion {
  id: string;
  model: string;
  number: number;
  createdAt: string;
  aliases: string[];
  metrics: Record<string, number>;
  params: Record<string, unknown>;
  lineage: {
    git: { sha: string | null; branch: string | null; dirty: boolean | null };
    ci: Record<string, string> | null;
    image: { reference: string; digest: string | null } | null;
    datasets: Array<{ name: string; uri: string; digest: string }>;
    host: string;
    startedAt: string;
    durationMs: number;
  };
  artifacts: Array<{ path: string; size: number; sha256: string }>;
  evaluations?: Array<{
    dataUri: string;
    dataDigest: string;
    records: number;
    metrics: Record<string, number>;
    createdAt: string;
    actor: string;
  }>;
}

/** What a report is made of. */
export interface ReportInput {
  version: ReportVersion;
  /** Every version of the model (for the headline plot), oldest first. */
  history: HistoryPoint[];
  /** The component's plots (its `plots.json`). */
  plots: PlotSpec[];
}

/** A rendered report: the HTML and the plots drawn in it, headline first. */
export interface RenderedReport {
  html: string;
  /** Every plot in the report with its SVG, the headline plot first. */
  plots: Array<PlotSpec & { svg: string }>;
}

/**
 * A version's `report.html`: one self-contained file (inline CSS and SVG, no script, no
 * network at view time) with the version, lineage, params, metrics, evaluations, the
 * component's plots and the model's headline metric across all versions.
 */
export async function renderReport(input: ReportInput): Promise<RenderedReport> {
  const { version } = input;
  const metric = headlineMetric(version.metrics);
  const plots: PlotSpec[] = [
    ...(metric ? [headlinePlot(version.model, metric, input.history, version.id)] : []),
    ...input.plots,
  ];
  const rendered = [];
  for (const plot of plots) rendered.push({ ...plot, svg: await renderSvg(plot) });

  const { lineage } = version;
  const rows = (entries: Array<[string, string]>) =>
    entries.map(([key, value]) => `<tr><th>${escape(key)}</th><td>${value}</td></tr>`).join('');
  const code = (text: string) => `<code>${escape(text)}</code>`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(version.id)} report</title>
<style>
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
h1 { margin-bottom: 0.2rem; } .sub { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; } th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.75rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { display: inline-block; margin: 0 1.5rem 1.5rem 0; vertical-align: top; } figcaption { font-weight: bold; margin-bottom: 0.3rem; }
code { font-size: 0.9em; }
</style>
</head>
<body>
<h1>${escape(version.id)}</h1>
<p class="sub">created ${escape(version.createdAt)}${version.aliases.length ? ` · aliases ${version.aliases.map(escape).join(', ')}` : ''}</p>
<h2>Metrics</h2>
<table class="metrics">${Object.entries(version.metrics)
    .map(
      ([name, value]) =>
        `<tr><th>${escape(name)}</th><td class="num">${value.toFixed(4)}</td></tr>`,
    )
    .join('')}</table>
<h2>Plots</h2>
${rendered
  .map(
    (plot) =>
      `<figure class="plot" data-plot="${escape(plot.name)}"><figcaption>${escape(plot.title)}</figcaption>${stripXmlDeclaration(plot.svg)}</figure>`,
  )
  .join('\n')}
<h2>Parameters</h2>
<table class="params">${rows(Object.entries(version.params).map(([name, value]) => [name, code(JSON.stringify(value))]))}</table>
<h2>Lineage</h2>
<table class="lineage">${rows([
    [
      'git',
      `${code(lineage.git.sha ?? 'unknown')}${lineage.git.branch ? ` on ${code(lineage.git.branch)}` : ''}${lineage.git.dirty ? ' (uncommitted changes)' : ''}`,
    ],
    [
      'image',
      lineage.image
        ? code(
            `${lineage.image.reference}${lineage.image.digest ? `@${lineage.image.digest}` : ''}`,
          )
        : 'none (ran in-process)',
    ],
    ['CI', lineage.ci ? escape(lineage.ci.run_url ?? JSON.stringify(lineage.ci)) : 'none'],
    ...lineage.datasets.map((dataset): [string, string] => [
      `data: ${dataset.name}`,
      `${code(dataset.uri)} ${code(dataset.digest)}`,
    ]),
    [
      'host',
      `${escape(lineage.host)}, ${(lineage.durationMs / 1000).toFixed(1)} s from ${escape(lineage.startedAt)}`,
    ],
  ])}</table>
${
  version.evaluations && version.evaluations.length > 0
    ? `<h2>Evaluations</h2>
<table class="evaluations"><tr><th>when</th><th>data</th><th>records</th><th>metrics</th><th>by</th></tr>${version.evaluations
        .map(
          (evaluation) =>
            `<tr><td>${escape(evaluation.createdAt)}</td><td>${code(evaluation.dataUri)}<br>${code(evaluation.dataDigest)}</td><td class="num">${evaluation.records}</td><td>${Object.entries(
              evaluation.metrics,
            )
              .map(([name, value]) => `${escape(name)}=${value.toFixed(4)}`)
              .join(' ')}</td><td>${escape(evaluation.actor)}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
<h2>Artifacts</h2>
<table class="artifacts">${version.artifacts
    .map(
      (artifact) =>
        `<tr><td>${code(artifact.path)}</td><td class="num">${artifact.size}</td><td>${code(artifact.sha256)}</td></tr>`,
    )
    .join('')}</table>
</body>
</html>
`;
  return { html, plots: rendered };
}

function stripXmlDeclaration(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}
