import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';

const workspace = join(__dirname, '..', '..', '..', '..');

/** Nx's output without colour codes (Jest may force colours on its children). */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

/** The projects Nx reports for each `> nx run <project>:build` line, with what follows the id. */
function buildLines(text: string): Array<{ project: string; note: string }> {
  return [...plain(text).matchAll(/> nx run ([\w-]+):build(.*)/g)].map(([, project, note]) => ({
    project,
    note: note.trim(),
  }));
}

describe('npm ci, then the first make', () => {
  it("prepare prints a line per package built, and the first make replays every build from Nx's cache", () => {
    // An empty Nx cache stands for a fresh clone's: what `prepare` (the end of `npm ci`) builds
    // must land in it, or the first make compiles every library again.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NX_CACHE_DIRECTORY: tempTree(),
      NX_WORKSPACE_DATA_DIRECTORY: tempTree(),
      NX_DAEMON: 'false',
      MESH_HOME: tempTree(),
    };
    delete env.CI;
    delete env.FORCE_COLOR;
    const prepare = spawnSync('npm', ['run', 'prepare'], { cwd: workspace, env, encoding: 'utf8' });
    expect(prepare.stderr).not.toMatch(/ERR!|error TS/);
    expect(prepare.status).toBe(0);
    const prepared = buildLines(prepare.stdout).map((line) => line.project);
    expect(prepared).toEqual(expect.arrayContaining(['nx-plugin', 'cli', 'keywords-train']));

    const make = spawnSync(
      'make',
      [
        '--no-print-directory',
        '-o',
        'node_modules/.package-lock.json',
        'projects.build/keywords',
        'COMPONENT=train',
        'WITHOUT_DOCKER=true',
      ],
      { cwd: workspace, env, encoding: 'utf8' },
    );
    expect(make.status).toBe(0);
    const replayed = buildLines(make.stdout);
    expect(replayed.map((line) => line.project)).toContain('keywords-train');
    for (const { project, note } of replayed)
      expect(`${project} ${note}`).toMatch(
        /^\S+ \[(local cache|existing outputs match the cache, left as is)\]$/,
      );
    const summary = plain(make.stdout).match(/for (\d+) out of (\d+) tasks/);
    expect(summary).not.toBeNull();
    expect(summary?.[1]).toBe(summary?.[2]);
  }, 900_000);
});
