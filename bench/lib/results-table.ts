// The README's table of benchmarks as markdown, made from bench/results/*.json (see
// update-readme.ts, which writes it between the README's markers).
import type { BenchResult } from './bench-result';

// By benchmark name, then script (main.ts first), compared by code unit rather than locale: the
// same table whatever order the files came in, so results merged from several branches only need
// a rerun.
const sortKey = (result: BenchResult) => `${result.name}\u0000${result.script ?? ''}`;
const byBenchmark = (a: BenchResult, b: BenchResult) =>
  sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0;

// A `|` in a figure would end its cell.
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** One row per figure, ordered by benchmark name and script; `results` is left as it is. */
export function resultsTable(results: readonly BenchResult[]): string {
  const rows = [...results]
    .sort(byBenchmark)
    .flatMap((result) =>
      result.figures.map(
        (figure) =>
          `| \`bench/${result.name}${result.script ? `/${result.script}` : ''}\` | ${cell(figure.measure)} | ${cell(figure.value)} | ${cell(figure.ratio)} | ` +
          `${result.date.slice(0, 16).replace('T', ' ')} UTC, ${result.commit}, ${result.machine}, load ${result.load} |`,
      ),
    );
  return [
    '| benchmark | measure | figures | ratio | run (date, commit, machine, load average) |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
