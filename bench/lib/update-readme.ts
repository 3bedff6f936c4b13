// Rewrites the README's table of benchmarks, between its two marker comments, from
// bench/results/*.json (each written by its benchmark's own run, see bench-result.ts).
// Run after a benchmark: node -r @swc-node/register bench/lib/update-readme.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { BenchResult } from './bench-result';
import { resultsTable } from './results-table';

const root = join(__dirname, '..', '..');
const START = '<!-- bench-results:start (bench/lib/update-readme.ts writes this table) -->';
const END = '<!-- bench-results:end -->';

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
  const updated = `${readme.slice(0, start + START.length)}\n${resultsTable(results)}\n${readme.slice(end)}`;
  // Formatted as the workspace's format check expects, so a refresh never fails it.
  const options = (await resolveConfig(readmePath)) ?? {};
  writeFileSync(readmePath, await format(updated, { ...options, filepath: readmePath }));
  console.log(`README.md: ${results.length} benchmarks in the table of benchmarks`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
