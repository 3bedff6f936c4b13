import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const makefile = readFileSync(join(__dirname, '..', '..', '..', '..', 'Makefile'), 'utf8');

describe('the Makefile', () => {
  it('calls the mesh and nx bins directly: npx adds seconds to every target', () => {
    expect(makefile).toMatch(/^MESH := node libs\/cli\/bin\/mesh\.js$/m);
    expect(makefile).toMatch(/^NX := node_modules\/\.bin\/nx$/m);
    const commands = makefile.split('\n').filter((line) => line.trim() && !/^\s*#/.test(line));
    expect(commands.filter((line) => /\bnpx\b/.test(line))).toEqual([]);
  });
});
