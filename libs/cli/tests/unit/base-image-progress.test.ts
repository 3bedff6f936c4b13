import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { Output } from '@mesh/output';
import { tempTree } from '@mesh/testing';
import { buildBaseImage } from '../../src/commands/docker/base-images';

const workspace = join(__dirname, '..', '..', '..', '..');

/**
 * A stand-in for debootstrap: prints its first stage, then waits until the test has seen that
 * line in mesh's output (a run that printed only at the end would never get past it), then
 * prints a coloured stage and fails as a download failure would.
 */
function fakeDebootstrap(bin: string, seen: string): void {
  const script = join(bin, 'debootstrap');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      'echo "I: Retrieving InRelease"',
      'i=0',
      `while [ ! -e '${seen}' ] && [ "$i" -lt 150 ]; do sleep 0.1; i=$((i+1)); done`,
      `[ -e '${seen}' ] || { echo "E: the first stage was not shown while running"; exit 3; }`,
      "printf '\\033[1mI: Extracting base-files...\\033[0m\\n'",
      'echo "E: Couldn\'t download packages: base-files" >&2',
      'exit 1',
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
}

describe('building the debian base image', () => {
  it("shows debootstrap's stages as they come, in plain text, and fails with its last lines", async () => {
    const bin = tempTree();
    const seen = join(tempTree(), 'seen');
    fakeDebootstrap(bin, seen);
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('I: Retrieving InRelease') && !existsSync(seen)) writeFileSync(seen, '');
    });
    const output = new Output({
      stdout: new PassThrough().resume(),
      stderr,
      env: { CI: 'true' },
      plainProgressIntervalMs: 0,
    });
    await expect(
      buildBaseImage({
        // debootstrap fails before the engine is needed.
        docker: {} as Docker,
        root: workspace,
        image: 'debian',
        output,
        // No sbin folder on the PATH: the real debootstrap (/usr/sbin) can never run here.
        env: { PATH: [bin, '/usr/bin', '/bin'].join(delimiter), BASE_IMAGE_TAG: 'progress-test' },
      }),
    ).rejects.toThrow(/debootstrap of Debian \w+ failed.*Couldn't download packages/s);
    expect(text).toContain('› Building mesh/debian:progress-test (debootstrap');
    expect(text).toMatch(/: I: Retrieving InRelease\n/);
    expect(text).toMatch(/: I: Extracting base-files\.\.\.\n/);
    expect(text).not.toContain('not shown while running');
    expect(text).not.toContain('\x1b');
  }, 60_000);
});
