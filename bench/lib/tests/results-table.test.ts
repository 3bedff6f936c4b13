import type { BenchResult } from '../bench-result';
import { resultsTable } from '../results-table';

const result = (name: string, measure: string, script?: string): BenchResult => ({
  name,
  ...(script ? { script } : {}),
  date: '2026-12-02T17:45:09Z',
  commit: 'abc1234',
  machine: '2 CPUs (AMD EPYC), 24 GiB',
  load: 1.5,
  figures: [{ measure, value: '1 s vs 2 s', ratio: '0.50x the reference' }],
});

const benchmarkColumn = (table: string) =>
  table
    .split('\n')
    .slice(2)
    .map((row) => row.split(' | ')[0]);

describe('resultsTable', () => {
  it('orders rows by benchmark name, then script, whatever order the files came in', () => {
    const files = [
      result('ranker-train', 'trees'),
      result('nulog-train', 'accuracy', 'accuracy.ts'),
      result('api-load', 'req/s'),
      result('nulog-train', 'lines/s'),
    ];
    const expected = [
      '| `bench/api-load`',
      '| `bench/nulog-train`',
      '| `bench/nulog-train/accuracy.ts`',
      '| `bench/ranker-train`',
    ];
    expect(benchmarkColumn(resultsTable(files))).toEqual(expected);
    expect(resultsTable([...files].reverse())).toBe(resultsTable(files));
  });

  it('shows the run with each figure and keeps a | inside a cell', () => {
    const table = resultsTable([result('predict', 'docs/s | cold')]);
    expect(table.split('\n')[2]).toBe(
      '| `bench/predict` | docs/s \\| cold | 1 s vs 2 s | 0.50x the reference | ' +
        '2026-12-02 17:45 UTC, abc1234, 2 CPUs (AMD EPYC), 24 GiB, load 1.5 |',
    );
  });
});
