import type { Output } from '@mesh/output';
import { modelOf, withRegistry } from './open-workspace-registry';

/** Options of `mesh models aliases`. */
export interface AliasesOptions {
  cwd: string;
  output: Output;
  project: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh models aliases`: every move of a model's aliases, oldest first. */
export async function aliases(options: AliasesOptions): Promise<number> {
  const history = await withRegistry(options, (registry) =>
    registry.aliasHistory(modelOf(options.project)),
  );
  if (options.json) options.output.json(history);
  else {
    options.output.table(history, [
      { header: 'AT', value: (event) => event.at.replace('T', ' ').slice(0, 19) },
      { header: 'ALIAS', value: (event) => event.alias },
      { header: 'FROM', value: (event) => event.from ?? '-' },
      { header: 'TO', value: (event) => event.to },
      { header: 'BY', value: (event) => event.actor },
    ]);
  }
  return 0;
}
