import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import {
  fixtureComponent,
  fixtureLibrary,
  fixtureWorkspace,
  removeTempTrees,
  tempTree,
} from '@mesh/testing';
import { ciMatrix } from '../../src/commands/ci/matrix';
import { relayStepSummary } from '../../src/commands/start/start-in-container';
import { main } from '../../src/main';

afterAll(removeTempTrees);

async function mesh(args: string[], cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = new Output({ stdout, stderr, env: { CI: 'true' } });
  const code = await main(['node', 'mesh', ...args], cwd, output);
  return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
}

function workspace() {
  return fixtureWorkspace({
    ...fixtureLibrary('settings'),
    ...fixtureComponent('keywords', 'train', ['settings'], { suites: ['unit', 'functional'] }),
    ...fixtureComponent('ner', 'train', [], { mesh: { gpu: 1, 'instance-type': 'g5.xlarge' } }),
  });
}

describe('mesh ci matrix', () => {
  it('prints, as JSON, what a change to keywords affects: keywords alone', async () => {
    const fixture = workspace();
    const base = fixture.commit({});
    const head = fixture.commit({ 'projects/keywords/train/src/main.ts': 'export const a = 2;\n' });
    const result = await mesh(
      ['ci', 'matrix', '--affected', '--base', base, '--head', head, '--json'],
      fixture.root,
    );
    expect(result.code).toBe(0);
    const matrix = JSON.parse(result.stdout);
    expect(matrix.components).toEqual([
      {
        name: 'keywords-train',
        project: 'keywords',
        component: 'train',
        path: 'projects/keywords/train',
        unit: true,
        integration: false,
        functional: true,
      },
    ]);
    expect(matrix.libraries).toEqual([]);
    expect(matrix.train).toEqual([
      expect.objectContaining({ name: 'keywords-train', runner: 'hosted' }),
    ]);
  }, 60_000);

  it('writes the matrices as step outputs for GitHub Actions', async () => {
    const fixture = workspace();
    const outputs = join(tempTree(), 'github-output');
    const stdout = new PassThrough();
    const code = await ciMatrix({
      cwd: fixture.root,
      output: new Output({ stdout, stderr: new PassThrough(), env: {} }),
      githubOutput: true,
      env: { GITHUB_OUTPUT: outputs },
    });
    expect(code).toBe(0);
    const lines = readFileSync(outputs, 'utf8').trim().split('\n');
    expect(lines.map((line) => line.split('=')[0])).toEqual(['components', 'libraries', 'train']);
    expect(JSON.parse(lines[2].slice('train='.length))).toEqual([
      expect.objectContaining({ name: 'keywords-train', runner: 'hosted', gpu: 0 }),
      expect.objectContaining({ name: 'ner-train', runner: 'self-hosted', gpu: 1 }),
    ]);
  });

  it('refuses --base without --affected, and --github-output outside GitHub Actions', async () => {
    const fixture = workspace();
    expect((await mesh(['ci', 'matrix', '--base', 'main'], fixture.root)).code).toBe(2);
    await expect(
      ciMatrix({
        cwd: fixture.root,
        output: new Output({ stdout: new PassThrough(), stderr: new PassThrough(), env: {} }),
        githubOutput: true,
        env: {},
      }),
    ).rejects.toThrow('--github-output needs GITHUB_OUTPUT');
  });
});

describe('the job summary of a training in a container', () => {
  it('is appended to the host job summary once the container has exited, then removed', async () => {
    const dir = tempTree({
      'host-summary.md': '# before\n',
      'mesh/step-summary-1.md': '### done\n',
    });
    const output = new Output({ stdout: new PassThrough(), stderr: new PassThrough(), env: {} });
    const env = { GITHUB_STEP_SUMMARY: join(dir, 'host-summary.md') };
    await relayStepSummary(join(dir, 'mesh/step-summary-1.md'), env, output);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toBe('# before\n### done\n');
    expect(existsSync(join(dir, 'mesh/step-summary-1.md'))).toBe(false);
    await relayStepSummary(join(dir, 'mesh/step-summary-2.md'), env, output);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toBe('# before\n### done\n');
  });
});
