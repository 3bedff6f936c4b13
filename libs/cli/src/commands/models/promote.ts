import type { Output } from '@mesh/output';
import { actorOf, withRegistry } from './open-workspace-registry';

/** Options of `mesh models promote`. */
export interface PromoteOptions {
  cwd: string;
  output: Output;
  version: string;
  /** e.g. `production` or `staging`. */
  alias: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh models promote`: points an alias at a version and records the move. */
export async function promote(options: PromoteOptions): Promise<number> {
  const actor = actorOf(options.env ?? process.env, options.cwd);
  const event = await withRegistry(options, (registry) =>
    registry.promote(options.version, options.alias, actor),
  );
  if (options.json) options.output.json(event);
  else
    options.output.success(
      `${event.model}@${event.alias}: ${event.from ?? '(none)'} -> ${event.to} by ${event.actor}`,
    );
  return 0;
}
