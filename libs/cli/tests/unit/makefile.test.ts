import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');
const makefile = readFileSync(join(root, 'Makefile'), 'utf8');

/** The commands make would run for `args` (`make -n`), without running them. */
function planned(...args: string[]): string {
  return execFileSync(
    'make',
    ['-n', '--no-print-directory', '-o', 'node_modules/.package-lock.json', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, MAKEFLAGS: '', WITHOUT_DOCKER: '' },
    },
  ).trim();
}

describe('the Makefile', () => {
  it('calls the mesh and nx bins directly: npx adds seconds to every target', () => {
    expect(makefile).toMatch(/^MESH := node libs\/cli\/bin\/mesh\.js$/m);
    expect(makefile).toMatch(/^NX := node_modules\/\.bin\/nx$/m);
    const commands = makefile.split('\n').filter((line) => line.trim() && !/^\s*#/.test(line));
    expect(commands.filter((line) => /\bnpx\b/.test(line))).toEqual([]);
  });

  it('replays a suite without Docker through nx directly, skipping the CLI start-up', () => {
    expect(planned('projects.unit/keywords', 'COMPONENT=train', 'WITHOUT_DOCKER=true')).toBe(
      'node_modules/.bin/nx run keywords-train:unit --outputStyle=stream',
    );
  });

  it('leaves containers, and projects or suites that do not exist, to mesh test', () => {
    expect(planned('projects.unit/keywords', 'COMPONENT=train')).toBe(
      'node libs/cli/bin/mesh.js test keywords --component train --suite unit',
    );
    expect(planned('projects.unit/nope', 'WITHOUT_DOCKER=true')).toBe(
      'node libs/cli/bin/mesh.js test nope --component train --suite unit --without-docker',
    );
    expect(planned('projects.integration/keywords', 'COMPONENT=nope', 'WITHOUT_DOCKER=true')).toBe(
      'node libs/cli/bin/mesh.js test keywords --component nope --suite integration --without-docker',
    );
  });
});
