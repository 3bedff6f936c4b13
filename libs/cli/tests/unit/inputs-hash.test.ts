import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { hashImageInputs } from '../../src/commands/docker/inputs-hash';

describe('hashImageInputs', () => {
  const settings = { stage: 'production', baseImageId: 'sha256:1' };

  it('is the same for the same files and settings, and changes with any of them', () => {
    const root = tempTree({ 'a.txt': 'alpha', 'b/c.txt': 'gamma' });
    const files = ['a.txt', 'b/c.txt'];
    const first = hashImageInputs({ root, files, settings });

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(hashImageInputs({ root, files, settings: { ...settings } })).toBe(first);
    expect(hashImageInputs({ root, files, settings: { ...settings, stage: 'debugger' } })).not.toBe(
      first,
    );
    expect(hashImageInputs({ root, files: ['a.txt'], settings })).not.toBe(first);
    writeFileSync(join(root, 'b', 'c.txt'), 'gamma\n');
    expect(hashImageInputs({ root, files, settings })).not.toBe(first);
  });

  it('tells a file moved between names from the same bytes under the old name', () => {
    const root = tempTree({ 'ab.txt': 'x', 'a.txt': 'bx' });
    const other = tempTree({ 'ab.txt': 'xb', 'a.txt': '' });
    expect(hashImageInputs({ root, files: ['a.txt', 'ab.txt'], settings })).not.toBe(
      hashImageInputs({ root: other, files: ['a.txt', 'ab.txt'], settings }),
    );
  });
});
