/** The CI run an image tag is made for: GitHub Actions' own variables, and the clock. */
export interface TagContext {
  /** `GITHUB_EVENT_NAME`, e.g. `push` or `pull_request`. */
  event: string;
  /** `GITHUB_REF`, e.g. `refs/heads/main`. */
  ref: string;
  /** `GITHUB_RUN_ID`. */
  runId: string;
  /** `GITHUB_RUN_ATTEMPT`. Default: `1`. */
  runAttempt?: string;
  /** The existing git tags; calendar versions among them set the next one's N. */
  tags: readonly string[];
  /** The time of the run; its UTC year and month name the version. */
  now: Date;
  /** The branch releases come from. Default: `main`. */
  releaseBranch?: string;
}

const CALENDAR_VERSION = /^v(\d{2})\.(\d{1,2})\.(\d+)$/;

/**
 * The next calendar version `vYY.M.N` for `now` (UTC): two-digit year, month without padding,
 * and N one above the highest existing tag of that month, from 0. `v26.11.0`, then `v26.11.1`,
 * then `v26.12.0` in the next month.
 */
export function nextCalendarVersion(now: Date, tags: readonly string[]): string {
  const year = now.getUTCFullYear() % 100;
  const month = now.getUTCMonth() + 1;
  let next = 0;
  for (const tag of tags) {
    const match = CALENDAR_VERSION.exec(tag.trim());
    if (match && Number(match[1]) === year && Number(match[2]) === month)
      next = Math.max(next, Number(match[3]) + 1);
  }
  return `v${String(year).padStart(2, '0')}.${month}.${next}`;
}

/** Whether the run is a push to the release branch: the only runs that publish images. */
export function isRelease(context: Pick<TagContext, 'event' | 'ref' | 'releaseBranch'>): boolean {
  return (
    context.event === 'push' && context.ref === `refs/heads/${context.releaseBranch ?? 'main'}`
  );
}

/**
 * The tag of the images a CI run builds: the next calendar version on a push to main, else
 * `ci-<run id>-<run attempt>` (pull requests, other branches), unique per attempt.
 */
export function imageTag(context: TagContext): string {
  if (isRelease(context)) return nextCalendarVersion(context.now, context.tags);
  const id = context.runId.replace(/[^0-9A-Za-z_.-]/g, '') || 'local';
  const attempt = (context.runAttempt || '1').replace(/[^0-9]/g, '') || '1';
  return `ci-${id}-${attempt}`;
}
