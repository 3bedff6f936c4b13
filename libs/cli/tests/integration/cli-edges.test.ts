import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { checkCompose } from '../../src/commands/doctor/checks';
import { actorOf } from '../../src/commands/models/open-workspace-registry';
import { main } from '../../src/main';

const ROOT = join(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'libs', 'cli', 'bin', 'mesh.js');

async function mesh(cwd: string, env: Record<string, string>, ...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = new Output({ stdout, stderr, env: { CI: 'true' } });
  const previous = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(['node', 'mesh', ...args], cwd, output);
    return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
  } finally {
    process.env = previous;
  }
}

describe('CLI edges', () => {
  it('ends quietly with exit 0 when the reader of its output goes away (| head)', async () => {
    const child = spawn('node', [BIN, 'projects', '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  }, 60_000);

  it('exits 1 on `models list` of a model that is neither registered nor a project', async () => {
    const root = tempTree({ 'nx.json': '{}' });
    const env = { MESH_HOME: join(root, '.mesh') };
    const settings = loadSettings(registrySettingsSpec, { configDir: null, env: {} }).values;
    await (await openRegistry({ settings, meshHome: env.MESH_HOME })).close();
    const result = await mesh(root, { ...env, REGISTRY_URL: '' }, 'models', 'list', 'nope');
    expect(result.stderr).toContain('Unknown model NOPE-TRAINED');
    expect(result.code).toBe(1);
  });

  it('prints nothing but JSON on stdout for `jobs submit --dry-run --json`', async () => {
    const root = tempTree({
      'nx.json': '{}',
      'projects/speech/train/package.json': JSON.stringify({ name: '@mesh/speech-train' }),
    });
    const result = await mesh(
      root,
      { MESH_HOME: join(root, '.mesh') },
      'jobs',
      'submit',
      'speech',
      '--backend',
      'kubernetes',
      '--dry-run',
      '--json',
    );
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    // A dry run ends at once: nothing was applied, so nothing is left to follow.
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'succeeded', dryRun: true });
  });

  it("decides doctor's compose check by the executable, not by how fast it answers", async () => {
    const bin = tempTree();
    const context = { root: ROOT, nodeVersion: 'v20.19.0', timeoutMs: 200 };
    expect((await checkCompose({ ...context, env: { PATH: bin } })).status).toBe('fail');
    const slow = join(bin, 'docker-compose');
    writeFileSync(slow, '#!/bin/sh\nsleep 2\necho 1.29.2\n');
    chmodSync(slow, 0o755);
    const result = await checkCompose({ ...context, env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(result.status).toBe('ok');
    expect(result.detail).toContain('docker-compose');
  });

  it("records git's user name as the actor when USER is unset", () => {
    const repo = tempTree();
    spawnSync('git', ['init', '-q'], { cwd: repo });
    spawnSync('git', ['config', 'user.name', 'Ada Lovelace'], { cwd: repo });
    expect(actorOf({ PATH: process.env.PATH, HOME: repo }, repo)).toBe('Ada Lovelace');
    expect(actorOf({ PATH: process.env.PATH, HOME: repo, USER: 'ada' }, repo)).toBe('ada');
  });
});

describe('jobs submit --set', () => {
  it("is checked against the component's settings before anything is submitted (exit 2)", async () => {
    const home = tempTree();
    const result = await mesh(
      ROOT,
      { MESH_HOME: home },
      'jobs',
      'submit',
      'keywords',
      '--backend',
      'kubernetes',
      '--dry-run',
      '--set',
      'TOP_N=abc',
      '--set',
      'NOT_A_SETTING=1',
      '--set',
      'TOP_NN=3',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TOP_N: "abc" is not an integer');
    expect(result.stderr).toContain('NOT_A_SETTING: is not a setting of keywords-train');
    expect(result.stderr).toContain('did you mean TOP_N?');
    expect(result.stdout).toBe('');
  });
});

describe('exit codes through make', () => {
  const make = (code: number) =>
    spawnSync(
      'make',
      [
        '-s',
        '-o',
        'node_modules/.package-lock.json',
        'projects.stop/x',
        `MESH=sh -c "exit ${code}" --`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );

  it('ends make as interrupted (130) when mesh was interrupted', () => {
    const result = make(130);
    // Killed by SIGINT is what a shell reports as 130.
    expect(result.signal ?? result.status).toBe('SIGINT');
  });

  it("ends make with 2 and make's line naming mesh's code otherwise", () => {
    const result = make(1);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Error 1');
    expect(make(0).status).toBe(0);
  });
});

describe('./mesh-make', () => {
  const meshMake = (...args: string[]) =>
    spawnSync(join(ROOT, 'mesh-make'), ['-s', '-o', 'node_modules/.package-lock.json', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it.each([0, 1, 2, 130])("exits with mesh's own code %i (make alone: 0 or 2)", (code) => {
    const result = meshMake('projects.stop/x', `MESH=sh -c "exit ${code}" --`);
    expect(result.status).toBe(code);
  });

  it("passes the real CLI's usage error (2) on, and make's own code when no recipe ran", () => {
    const unknown = meshMake('projects.build/not-a-project', 'WITHOUT_DOCKER=true');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown project "not-a-project"');
    expect(meshMake('no-such-target').status).toBe(2);
  });
});
