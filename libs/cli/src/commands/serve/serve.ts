import type { Output } from '@mesh/output';
import { startTrainingApi } from '@mesh/training-api';
import { workspaceRoot } from '../../workspace';

/** Options of `mesh serve`. */
export interface ServeOptions {
  cwd: string;
  output: Output;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh serve`: the Training API on `PORT`, until SIGINT or SIGTERM. Jobs it runs locally are
 * cancelled on the way down; records survive in the registry's database.
 */
export async function serve(options: ServeOptions): Promise<number> {
  const root = workspaceRoot(options.cwd);
  const api = await startTrainingApi({ root, env: options.env ?? process.env });
  options.output.info(
    `Training API listening on ${api.url} (web page at ${api.url}/, OpenAPI at ${api.url}/openapi.json)`,
  );
  // Training requests over NATS, when NATS_URL is set (separate from the API: see training-trigger.ts).
  const env = options.env ?? process.env;
  const nats = env.NATS_URL
    ? await (
        await import('./training-trigger.js')
      ).startNatsTraining({
        root,
        env,
        output: options.output,
      })
    : undefined;
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  options.output.info('Stopping the Training API');
  await nats?.close();
  await api.close();
  return 0;
}
