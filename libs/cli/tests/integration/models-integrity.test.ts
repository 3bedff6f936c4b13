import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { blobKey } from '@mesh/model-store';
import { Output } from '@mesh/output';
import { collectLineage, openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { main } from '../../src/main';

/** A workspace with two versions that share model.bin, registered from run folders. */
async function workspace() {
  const root = tempTree({ 'nx.json': '{}' });
  const meshHome = join(root, '.mesh');
  const settings = loadSettings(registrySettingsSpec, { configDir: null, env: {} }).values;
  const registry = await openRegistry({ settings, meshHome });
  const runs: string[] = [];
  try {
    for (let n = 1; n <= 2; n++) {
      const run = join(meshHome, 'runs', 'keywords-train', `run-${n}`);
      runs.push(run);
      const at = new Date();
      mkdirSync(run, { recursive: true });
      const files = { 'model.bin': 'weights '.repeat(500), 'metrics.json': `{"f1":0.${n}}` };
      for (const [name, text] of Object.entries(files)) {
        writeFileSync(join(run, name), text);
      }
      await registry.registerVersion({
        model: 'KEYWORDS-TRAINED',
        project: 'keywords',
        artifactsDir: run,
        card: {},
        testFiles: {},
        metrics: { f1: n / 10 },
        params: {},
        lineage: collectLineage({
          git: { sha: 'abc', branch: 'main', dirty: false },
          datasets: [],
          settings: {},
          startedAt: at,
          finishedAt: at,
          env: {},
        }),
      });
    }
    const model = (await registry.getVersion('KEYWORDS-TRAINED-1')).artifacts.find(
      (artifact) => artifact.path === 'model.bin',
    )!;
    return { root, meshHome, runs, model };
  } finally {
    await registry.close();
  }
}

async function mesh(root: string, ...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = new Output({ stdout, stderr, env: { CI: 'true' } });
  const previous = { ...process.env };
  delete process.env.MESH_HOME;
  try {
    const code = await main(['node', 'mesh', ...args], root, output);
    return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
  } finally {
    process.env = previous;
  }
}

describe('mesh models fsck', () => {
  it('reports a flipped byte with the versions it breaks, and --repair re-uploads it from a run folder', async () => {
    const { root, meshHome, model } = await workspace();
    const blob = join(meshHome, 'store', ...blobKey(model.sha256).split('/'));
    const bytes = readFileSync(blob);
    bytes[10] ^= 0x01;
    writeFileSync(blob, bytes);

    const found = await mesh(root, 'models', 'fsck');
    expect(found.code).toBe(1);
    expect(found.stderr).toContain(`blob sha256:${model.sha256}`);
    expect(found.stderr).toContain('is damaged');
    expect(found.stderr).toContain('KEYWORDS-TRAINED-1:model.bin, KEYWORDS-TRAINED-2:model.bin');

    const repaired = await mesh(root, 'models', 'fsck', '--repair');
    expect(repaired.code).toBe(0);
    expect(repaired.stderr + repaired.stdout).toContain('re-uploaded from');
    expect((await mesh(root, 'models', 'fsck')).code).toBe(0);
    const to = tempTree();
    expect((await mesh(root, 'models', 'download', 'KEYWORDS-TRAINED-2', '--to', to)).code).toBe(0);
    expect(readdirSync(to).sort()).toEqual(['metrics.json', 'model.bin']);
  });

  it('says which versions stay broken when no copy of a missing blob is left', async () => {
    const { root, meshHome, runs, model } = await workspace();
    rmSync(join(meshHome, 'store', ...blobKey(model.sha256).split('/')));
    for (const run of runs) rmSync(run, { recursive: true });
    const result = await mesh(root, 'models', 'fsck', '--repair', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.problems).toEqual([
      expect.objectContaining({ sha256: model.sha256, status: 'missing' }),
    ]);
    expect(report.brokenVersions).toEqual(['KEYWORDS-TRAINED-1', 'KEYWORDS-TRAINED-2']);
  });
});

describe('mesh models download', () => {
  it('leaves nothing behind when a blob fails verification', async () => {
    const { root, meshHome, model } = await workspace();
    const blob = join(meshHome, 'store', ...blobKey(model.sha256).split('/'));
    const bytes = readFileSync(blob);
    bytes[10] ^= 0x01;
    writeFileSync(blob, bytes);
    const parent = tempTree();
    const result = await mesh(
      root,
      'models',
      'download',
      'KEYWORDS-TRAINED-1',
      '--to',
      join(parent, 'out'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('expected sha256:');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('names a --to that is a file, without an internal temporary path', async () => {
    const { root } = await workspace();
    const file = join(tempTree({ 'taken.txt': 'x' }), 'taken.txt');
    const result = await mesh(root, 'models', 'download', 'KEYWORDS-TRAINED-1', '--to', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}: it is a file, not a folder`);
    expect(result.stderr).not.toMatch(/ENOTDIR|\.partial|\.tmp/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
