import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { modelFolder } from '../../src/predict';

/** A version folder with a run's ann.json at each of `runs` (paths below the version). */
function version(...runs: string[]): string {
  const root = tempTree();
  mkdirSync(join(root, 'test-files'));
  for (const run of runs) {
    mkdirSync(join(root, run, 'artifacts'), { recursive: true });
    writeFileSync(join(root, run, 'artifacts', 'ann.json'), '{}');
  }
  return root;
}

describe('modelFolder', () => {
  it('finds the model at the root and in <target>/<instance>/', () => {
    const root = version('.');
    expect(modelFolder(root)).toBe(join(root, '.'));
    const run = version('Report Interface Import/2025-08-03 22:56:16');
    expect(modelFolder(run)).toBe(join(run, 'Report Interface Import/2025-08-03 22:56:16'));
  });

  it('finds the run of a target whose name holds a /', () => {
    const run = 'Original Testing Training Set - Random Edits 50/50/2025-08-03 22:56:16';
    const root = version(run);
    expect(modelFolder(root)).toBe(join(root, run));
  });

  it('names the version when it holds no model, or several runs', () => {
    const empty = version();
    expect(() => modelFolder(empty)).toThrow(`${empty}: no artifacts/ann.json`);
    const two = version('a/1', 'b/2');
    expect(() => modelFolder(two)).toThrow('several runs hold artifacts/ann.json (a/1, b/2)');
  });
});
