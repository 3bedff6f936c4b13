import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { collectLineage, openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { main } from '../../src/main';

const FIXTURE = join(__dirname, 'fixtures', 'hold-debris.js');

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

/** Starts the fixture and resolves once its debris exists. */
async function holder(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the fixture exited ${code}: ${stderr}`)));
  });
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Every hidden temporary file or folder (and lock) under `folder`, recursively, relative. */
function debris(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return (readdirSync(folder, { recursive: true }) as string[])
    .filter((path) => /(^|\/)\.[^/]*\.partial[^/]*$/.test(path))
    .sort();
}

describe('debris of killed processes', () => {
  it('mesh models gc removes the run folders and blobs of a kill -9 at once; a live process keeps its own', async () => {
    const root = tempTree({ 'nx.json': '{}' });
    const meshHome = join(root, '.mesh');
    const settings = loadSettings(registrySettingsSpec, { configDir: null, env: {} }).values;
    const registry = await openRegistry({ settings, meshHome });
    const at = new Date();
    try {
      await registry.registerVersion({
        model: 'KEYWORDS-TRAINED',
        project: 'keywords',
        artifactsDir: tempTree({ 'model.json': '{"v":1}' }),
        card: {},
        testFiles: {},
        metrics: {},
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
    } finally {
      await registry.close();
    }
    const downloads = tempTree();
    const killed = await holder({
      MESH_HOME: meshHome,
      AT: String(Date.UTC(2026, 0, 1)),
      SHARD: 'aa',
      DOWNLOAD_TARGET: join(downloads, 'killed'),
    });
    const live = await holder({
      MESH_HOME: meshHome,
      AT: String(Date.UTC(2026, 0, 2)),
      SHARD: 'bb',
      DOWNLOAD_TARGET: join(downloads, 'live'),
    });
    try {
      await killHard(killed);
      const before = debris(meshHome);
      expect(before).toEqual(
        expect.arrayContaining([
          'runs/demo-train/.2026-01-01T00-00-00-000Z.partial',
          'runs/demo-train/.2026-01-02T00-00-00-000Z.partial',
        ]),
      );
      expect(before.filter((path) => path.startsWith('store/blobs/sha256/aa/'))).toHaveLength(2);

      // The default minimum age (1 h) is for blobs nobody owns; a dead owner's go at once.
      const gc = await mesh(root, 'models', 'gc', '--json');
      expect(gc).toMatchObject({ code: 0, stderr: '' });
      const report = JSON.parse(gc.stdout);
      expect(report.partialRunFolders).toEqual([
        join(meshHome, 'runs', 'demo-train', '.2026-01-01T00-00-00-000Z.partial'),
      ]);
      expect(report.temporaryFiles).toHaveLength(1);
      expect(report.temporaryFiles[0]).toMatch(/store\/blobs\/sha256\/aa\/\.aa[\w.]+\.partial$/);
      const after = debris(meshHome);
      expect(after.filter((path) => /\/aa\/|2026-01-01/.test(path))).toEqual([]);
      expect(after.filter((path) => /\/bb\/|2026-01-02/.test(path))).toHaveLength(4);

      // The next download to the killed one's target clears its staging, and lands complete.
      expect(debris(downloads)).toHaveLength(4);
      const download = await mesh(
        root,
        'models',
        'download',
        'KEYWORDS-TRAINED-1',
        '--to',
        join(downloads, 'killed'),
      );
      expect(download.code).toBe(0);
      expect(readFileSync(join(downloads, 'killed', 'model.json'), 'utf8')).toBe('{"v":1}');
      expect(debris(downloads).filter((path) => path.startsWith('.killed.'))).toEqual([]);
      expect(debris(downloads).filter((path) => path.startsWith('.live.'))).toHaveLength(2);
    } finally {
      await killHard(live);
    }
    // Once the live one is killed too, its debris goes as well.
    expect(JSON.parse((await mesh(root, 'models', 'gc', '--json')).stdout)).toMatchObject({
      partialRunFolders: [
        join(meshHome, 'runs', 'demo-train', '.2026-01-02T00-00-00-000Z.partial'),
      ],
      temporaryFiles: [expect.stringMatching(/\/bb\/\.bb[\w.]+\.partial$/)],
    });
    expect(debris(meshHome)).toEqual([]);
  }, 60_000);
});
