// Rewrites the README's table of benchmarks, between its two marker comments, from
// bench/results/*.json (each written by its benchmark's own run, see bench-result.ts).
// Run after a benchmark: node -r @swc-node/register bench/lib/update-readme.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { BenchResult } from './bench-result';

const root = join(__dirname, '..', '..');
const START = '<!-- bench-results:start (bench/lib/update-readme.ts writes this table) -->';
const END = '<!-- bench-results:end -->';

// By benchmark name, then script (main.ts first), compared by code unit rather than locale: the
// same table whatever order the files came in, so results merged from several branches only need
// a rerun.
const sortKey = (result: BenchResult) => `${result.name}\u0000${result.script ?? ''}`;
const byBenchmark = (a: BenchResult, b: BenchResult) =>
  sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0;

// A `|` in a figure would end its cell.
const cell = (text: string) => text.replace(/\|/g, '\\|');

function table(results: BenchResult[]): string {
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

async function main(): Promise<void> {
  const folder = join(root, 'bench', 'results');
  const results = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as BenchResult);
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(
      `README.md has no table of benchmarks between "${START}" and "${END}": put both marker lines back, in that order`,
    );
  }
  const updated = `${readme.slice(0, start + START.length)}\n${table(results)}\n${readme.slice(end)}`;
  // Formatted as the workspace's format check expects, so a refresh never fails it.
  const options = (await resolveConfig(readmePath)) ?? {};
  writeFileSync(readmePath, await format(updated, { ...options, filepath: readmePath }));
  console.log(`README.md: ${results.length} benchmarks in the table of benchmarks`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
