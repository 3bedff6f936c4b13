import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';

const workspace = join(__dirname, '..', '..', '..', '..');

describe('a containerised start on a machine without the base image', () => {
  it('stops at once naming the command that builds it, in plain text, with mesh-make exiting 1', () => {
    // A tag no machine has stands for a machine without mesh/node-base (the real one is kept).
    const tag = `absent-${randomBytes(4).toString('hex')}`;
    const env: NodeJS.ProcessEnv = { ...process.env, MESH_HOME: tempTree(), ENVIRONMENT: 'dev' };
    // Piped output without CI set: a log that is not a terminal must still be plain.
    delete env.CI;
    delete env.FORCE_COLOR;
    const started = Date.now();
    const result = spawnSync(
      './mesh-make',
      [
        '--no-print-directory',
        '-o',
        'node_modules/.package-lock.json',
        'projects.start/keywords',
        'COMPONENT=train',
        `BASE_IMAGE_TAG=${tag}`,
      ],
      { cwd: workspace, env, encoding: 'utf8' },
    );
    const elapsed = Date.now() - started;
    const text = result.stdout + result.stderr;
    expect(result.status).toBe(1);
    expect(text).toContain(`The base image mesh/node-base:${tag} is not on this machine`);
    expect(text).toContain(`make docker.build/node-base BASE_IMAGE_TAG=${tag}`);
    expect(text).not.toMatch(/registry-1\.docker\.io|pull access denied|no such host/);
    expect(text).not.toContain('\x1b');
    // Before any image build or pull: seconds, even on a loaded machine.
    expect(elapsed).toBeLessThan(90_000);
  }, 120_000);
});
