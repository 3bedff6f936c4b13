import { PassThrough } from 'node:stream';
import { formatBytes, formatDuration, Output } from '@mesh/output';

function capture(env: Record<string, string>, isTTY = false) {
  const stdout = Object.assign(new PassThrough(), { isTTY });
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let clock = 0;
  const output = new Output({
    stdout,
    stderr,
    env,
    now: () => (clock += 1000),
    plainProgressIntervalMs: 0,
  });
  const read = (stream: PassThrough) => String(stream.read() ?? '');
  return { output, out: () => read(stdout), err: () => read(stderr) };
}

describe('Output', () => {
  it('writes plain step lines with progress and duration when not on a terminal', async () => {
    const { output, err } = capture({ CI: 'true' });
    const value = await output.step('Training', (progress) => {
      progress.update(3, 4, 'documents');
      return 42;
    });
    expect(value).toBe(42);
    expect(err()).toBe('› Training\n  Training: 3/4 documents (75%)\n✓ Training 2.0s\n');
  });

  it('says a silent step is still running, with its last detail, when not on a terminal', async () => {
    const stderr = Object.assign(new PassThrough(), { isTTY: false });
    const output = new Output({ stderr, env: { CI: 'true' }, plainHeartbeatMs: 50 });
    await output.step('Building img', async (progress) => {
      progress.detail('Step 5/9 : RUN npm ci');
      await new Promise((resolve) => setTimeout(resolve, 400));
    });
    const lines = String(stderr.read()).split('\n');
    const beats = lines.filter((line) => line.startsWith('  Building img: still running after '));
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats[0]).toMatch(/ \(Step 5\/9 : RUN npm ci\)$/);
    expect(lines.join('\n')).not.toContain('\x1b');
  });

  it('folds steps into log groups and marks errors on GitHub Actions', async () => {
    const { output, err } = capture({ CI: 'true', GITHUB_ACTIONS: 'true' });
    await expect(
      output.step('Evaluating', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    output.error('it failed');
    expect(err()).toBe(
      '::group::Evaluating\n✗ Evaluating failed after 1.0s\n::endgroup::\n::error::it failed\n',
    );
  });

  it('uses no colour codes in CI even on a terminal', () => {
    const { output, err } = capture({ CI: 'true' }, true);
    output.success('done');
    expect(err()).toBe('✓ done\n');
  });

  it('prints tables and JSON on stdout', () => {
    const { output, out } = capture({ CI: 'true' });
    output.table(
      [
        { name: 'a', f1: 0.5 },
        { name: 'long-name', f1: 0.25 },
      ],
      [
        { header: 'NAME', value: (row) => row.name },
        { header: 'F1', value: (row) => row.f1, alignRight: true },
      ],
    );
    output.json({ ok: true });
    expect(out()).toBe('NAME         F1\na           0.5\nlong-name  0.25\n{\n  "ok": true\n}\n');
  });
});

describe('formatting', () => {
  it('formats durations and sizes', () => {
    expect(formatDuration(950)).toBe('950ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
});
