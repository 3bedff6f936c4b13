import { parseArgs } from 'node:util';
import type { Output } from '@mesh/output';
import { untilStopped } from './listen';
import { sampleReviewApiBanner, startSampleReviewApi } from './sample-review-api';

/**
 * `cbng-trainer serve-sample-review-api [--port N] [--host H] [--groups FILE]`: serves the sample
 * review API (`--port` default `SAMPLE_REVIEW_API_PORT`, else 8090; `--host` default
 * `SAMPLE_REVIEW_API_HOST`, else 127.0.0.1) until SIGINT or SIGTERM, or until `stop` aborts.
 * Prints its URL and the two commands to run against it. Returns the exit code.
 */
export async function serveSampleReviewApi(
  args: string[],
  env: Record<string, string | undefined>,
  output: Output,
  stop?: AbortSignal,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      groups: { type: 'string' },
    },
  });
  const portText = values.port ?? (env.SAMPLE_REVIEW_API_PORT || '8090');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    output.error(
      `port ${portText}: give --port (or SAMPLE_REVIEW_API_PORT) as a number from 0 to 65535`,
    );
    return 2;
  }
  const api = await startSampleReviewApi({
    port,
    host: values.host ?? (env.SAMPLE_REVIEW_API_HOST || '127.0.0.1'),
    groupsFile: values.groups,
  });
  for (const line of sampleReviewApiBanner(api)) output.result(line);
  await untilStopped(stop);
  await api.close();
  output.info(`Sample review API on ${api.url} stopped`);
  return 0;
}
