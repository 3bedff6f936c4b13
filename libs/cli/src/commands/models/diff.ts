import type { Output } from '@mesh/output';
import { withRegistry } from './open-workspace-registry';

/** Options of `mesh models diff`. */
export interface DiffOptions {
  cwd: string;
  output: Output;
  a: string;
  b: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh models diff`: params and metrics of two versions side by side. */
export async function diff(options: DiffOptions): Promise<number> {
  const result = await withRegistry(options, (registry) => registry.diff(options.a, options.b));
  if (options.json) {
    options.output.json(result);
    return 0;
  }
  const show = (value: unknown) =>
    value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value);
  options.output.result('metrics:');
  options.output.table(result.metrics, [
    { header: '  NAME', value: (row) => `  ${row.name}` },
    { header: result.a, value: (row) => row.a?.toFixed(4) ?? '-', alignRight: true },
    { header: result.b, value: (row) => row.b?.toFixed(4) ?? '-', alignRight: true },
    {
      header: 'DELTA',
      value: (row) =>
        row.delta === null ? '-' : `${row.delta >= 0 ? '+' : ''}${row.delta.toFixed(4)}`,
      alignRight: true,
    },
  ]);
  options.output.result('params:');
  options.output.table(result.params, [
    { header: '  NAME', value: (row) => `  ${row.name}${row.changed ? ' *' : ''}` },
    { header: result.a, value: (row) => show(row.a) },
    { header: result.b, value: (row) => show(row.b) },
  ]);
  return 0;
}
