import { imageTag, isRelease, nextCalendarVersion } from '@mesh/ci';

const november = new Date('2026-11-27T10:00:00Z');

describe('nextCalendarVersion', () => {
  it('starts a month at N = 0', () => {
    expect(nextCalendarVersion(november, [])).toBe('v26.11.0');
  });

  it('counts on from the highest tag of the month, ignoring other months and other tags', () => {
    const tags = [
      'v26.11.0',
      'v26.11.3',
      'v26.10.9',
      'v25.11.7',
      'v26.11.x',
      'release-1',
      'v1.2.3',
    ];
    expect(nextCalendarVersion(november, tags)).toBe('v26.11.4');
  });

  it('names the month in UTC, without padding', () => {
    expect(nextCalendarVersion(new Date('2027-01-31T23:30:00-02:00'), ['v27.1.0'])).toBe('v27.2.0');
    expect(nextCalendarVersion(new Date('2030-03-05T00:00:00Z'), [])).toBe('v30.3.0');
  });
});

describe('imageTag', () => {
  const run = { runId: '4711', runAttempt: '2', tags: ['v26.11.0'], now: november };

  it('tags a pull request ci-<run id>-<run attempt>', () => {
    expect(imageTag({ ...run, event: 'pull_request', ref: 'refs/pull/5/merge' })).toBe('ci-4711-2');
  });

  it('tags a push to main with the next calendar version', () => {
    expect(imageTag({ ...run, event: 'push', ref: 'refs/heads/main' })).toBe('v26.11.1');
  });

  it('gives a push to another branch a ci tag, as it publishes nothing', () => {
    expect(isRelease({ event: 'push', ref: 'refs/heads/feature' })).toBe(false);
    expect(
      imageTag({ ...run, event: 'push', ref: 'refs/heads/feature', runAttempt: undefined }),
    ).toBe('ci-4711-1');
  });
});
