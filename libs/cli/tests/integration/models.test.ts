import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { collectLineage, openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { main } from '../../src/main';

/** A workspace whose embedded registry holds KEYWORDS-TRAINED-1..3. */
async function workspaceWithVersions() {
  const root = tempTree({ 'nx.json': '{}' });
  const meshHome = join(root, '.mesh');
  const settings = loadSettings(registrySettingsSpec, { configDir: null, env: {} }).values;
  const registry = await openRegistry({ settings, meshHome });
  try {
    for (let n = 1; n <= 3; n++) {
      const at = new Date();
      await registry.registerVersion({
        model: 'KEYWORDS-TRAINED',
        project: 'keywords',
        artifactsDir: tempTree({ 'model.json': `{"v":${n}}`, 'metrics.json': `{"f1":0.${n}}` }),
        card: { n },
        testFiles: {},
        metrics: { f1: n / 10, precision: n / 5 },
        params: { topN: 10 * n },
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
  } finally {
    await registry.close();
  }
  return { root, meshHome };
}

async function mesh(root: string, ...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = new Output({ stdout, stderr, env: { CI: 'true' } });
  const previous = { ...process.env };
  process.env.MESH_ACTOR = 'tester';
  delete process.env.MESH_HOME;
  try {
    const code = await main(['node', 'mesh', ...args], root, output);
    return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
  } finally {
    process.env = previous;
  }
}

describe('mesh models', () => {
  it('lists versions with aliases and key metrics as a table', async () => {
    const { root } = await workspaceWithVersions();
    await mesh(root, 'models', 'promote', 'KEYWORDS-TRAINED-2', '--alias', 'production');
    const listed = await mesh(root, 'models', 'list', 'keywords');
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^VERSION\s+CREATED\s+ALIASES\s+F1\s+PRECISION$/);
    expect(listed.stdout).toMatch(
      /KEYWORDS-TRAINED-2\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+production\s+0\.2000\s+0\.4000/,
    );
  });

  it('promotes, records who moved an alias from where, and resolves it', async () => {
    const { root } = await workspaceWithVersions();
    expect(
      (await mesh(root, 'models', 'promote', 'KEYWORDS-TRAINED-1', '--alias', 'production')).code,
    ).toBe(0);
    const moved = await mesh(
      root,
      'models',
      'promote',
      'keywords-trained-3',
      '--alias',
      'production',
    );
    expect(moved.stderr).toContain(
      'KEYWORDS-TRAINED@production: KEYWORDS-TRAINED-1 -> KEYWORDS-TRAINED-3 by tester',
    );
    const history = JSON.parse(
      (await mesh(root, 'models', 'aliases', 'keywords', '--json')).stdout,
    );
    expect(
      history.map((event: { from: string | null; to: string }) => [event.from, event.to]),
    ).toEqual([
      [null, 'KEYWORDS-TRAINED-1'],
      ['KEYWORDS-TRAINED-1', 'KEYWORDS-TRAINED-3'],
    ]);
    const shown = JSON.parse(
      (await mesh(root, 'models', 'show', 'keywords@production', '--json')).stdout,
    );
    expect(shown.id).toBe('KEYWORDS-TRAINED-3');
  });

  it('diffs two versions side by side', async () => {
    const { root } = await workspaceWithVersions();
    const diff = await mesh(root, 'models', 'diff', 'KEYWORDS-TRAINED-1', 'KEYWORDS-TRAINED-3');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/f1\s+0\.1000\s+0\.3000\s+\+0\.2000/);
    expect(diff.stdout).toMatch(/topN \*\s+10\s+30/);
  });

  it('downloads verified, and refuses a corrupted artifact with both digests and exit 1', async () => {
    const { root, meshHome } = await workspaceWithVersions();
    const target = tempTree();
    const ok = await mesh(root, 'models', 'download', 'KEYWORDS-TRAINED-1', '--to', target);
    expect(ok.code).toBe(0);
    expect(readdirSync(target).sort()).toEqual(['metrics.json', 'model.json']);

    const shown = JSON.parse(
      (await mesh(root, 'models', 'show', 'KEYWORDS-TRAINED-2', '--json')).stdout,
    );
    const model = shown.artifacts.find(
      (artifact: { path: string }) => artifact.path === 'model.json',
    );
    writeFileSync(new URL(model.uri), '{"v":666}');
    const bad = await mesh(root, 'models', 'download', 'KEYWORDS-TRAINED-2', '--to', tempTree());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`expected sha256:${model.sha256}`);
    expect(bad.stderr).toMatch(/got sha256:[0-9a-f]{64}/);
    expect(meshHome).toContain('.mesh');
  });

  it('gc --keep prunes old versions but never aliased ones, and removes their artifacts', async () => {
    const { root } = await workspaceWithVersions();
    await mesh(root, 'models', 'promote', 'KEYWORDS-TRAINED-1', '--alias', 'production');
    const report = JSON.parse(
      (await mesh(root, 'models', 'gc', '--keep', '1', '--min-age', '0', '--json')).stdout,
    );
    expect(report.prunedVersions).toEqual(['KEYWORDS-TRAINED-2']);
    expect(report.deletedBlobs).toBe(2);
    const listed = JSON.parse((await mesh(root, 'models', 'list', '--json')).stdout);
    expect(listed.map((version: { id: string }) => version.id)).toEqual([
      'KEYWORDS-TRAINED-1',
      'KEYWORDS-TRAINED-3',
    ]);
    expect((await mesh(root, 'models', 'gc', '--keep', 'all')).code).toBe(2);
  });

  it('names the unknown version and what exists, with exit 1; a bad REGISTRY_URL with exit 2', async () => {
    const { root } = await workspaceWithVersions();
    const unknown = await mesh(root, 'models', 'show', 'KEYWORDS-TRAINED-9');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'Unknown version KEYWORDS-TRAINED-9: KEYWORDS-TRAINED has versions 1 to 3',
    );
    process.env.REGISTRY_URL = 'mysql://root:pw@db/x';
    try {
      const bad = await mesh(root, 'models', 'list');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('REGISTRY_URL "mysql://root:[redacted]@db/x" is not supported');
      expect(bad.stderr).not.toContain(':pw@');
    } finally {
      delete process.env.REGISTRY_URL;
    }
  });
});
