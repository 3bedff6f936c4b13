/**
 * `@mesh/docker`, loaded on first use: it brings dockerode and the ECR client (a second or more
 * to load on a busy machine), which only docker jobs and backend detection need, so a dry run,
 * `mesh serve` and `mesh jobs` start without them.
 */
export function dockerLib(): typeof import('@mesh/docker') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@mesh/docker') as typeof import('@mesh/docker');
}
