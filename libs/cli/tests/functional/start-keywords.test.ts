import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';

const workspace = join(__dirname, '..', '..', '..', '..');
/** The floor the README justifies: above every baseline, below the shipped model's F1. */
const F1_FLOOR = 0.45;

function run(command: string, args: string[], env: Record<string, string> = {}, home = tempTree()) {
  const result = spawnSync(command, args, {
    cwd: workspace,
    env: { ...process.env, MESH_HOME: home, ENVIRONMENT: 'dev', CI: 'true', ...env },
    encoding: 'utf8',
  });
  const runs = join(home, 'runs', 'keywords-train');
  return {
    code: result.status,
    stdout: result.stdout,
    text: result.stdout + result.stderr,
    folders: existsSync(runs) ? readdirSync(runs).map((name) => join(runs, name)) : [],
  };
}

const mesh = (args: string[], env: Record<string, string> = {}, home?: string) =>
  run('node', ['libs/cli/bin/mesh.js', ...args], env, home);

describe('mesh start keywords --without-docker', () => {
  it('trains, evaluates, prints the metrics and writes the run folder', () => {
    const result = mesh(['start', 'keywords', '--without-docker']);
    expect(result.code).toBe(0);
    expect(result.text).toMatch(/Registered KEYWORDS-TRAINED-1: .*f1=0\.\d{4}/);
    expect(result.folders).toHaveLength(1);
    const folder = result.folders[0];
    for (const file of [
      'model.json',
      'model_card.json',
      'metrics.json',
      'test-files/inputs.json',
      'test-files/inference_params.json',
      'test-files/predictions.json',
    ]) {
      expect(existsSync(join(folder, file))).toBe(true);
    }
    const metrics = JSON.parse(readFileSync(join(folder, 'metrics.json'), 'utf8'));
    expect(metrics.f1).toBeGreaterThan(F1_FLOOR);
    expect(metrics.precision).toBeGreaterThan(0);
    expect(metrics.recall).toBeGreaterThan(0);
  });

  it('exits 2 with every settings problem and writes no run folder', () => {
    const result = run('node', ['libs/cli/bin/mesh.js', 'start', 'keywords', '--without-docker'], {
      TOP_N: 'abc',
      KEYPHRASE_NGRAM_RANGE: '[3,1]',
      // Once found only after training, with exit 1, and missing from this report.
      LANGUAGES: 'en,xx',
      MIN_F1: '1.5',
    });
    expect(result.code).toBe(2);
    expect(result.text).toContain('(4 problems)');
    expect(result.text).toContain('LANGUAGES: "xx" is not supported');
    expect(result.text).toContain('MIN_F1: 1.5 is above the maximum 1');
    expect(result.text).not.toMatch(/Training on \d+ documents/);
    expect(result.text).toContain('TOP_N: "abc" is not an integer (from environment)');
    expect(result.text).toContain(
      'KEYPHRASE_NGRAM_RANGE: range [3,1] has its low end above its high end',
    );
    expect(result.folders).toEqual([]);
  });
});

describe('make projects.start', () => {
  it('passes make variables through and propagates the exit code', () => {
    const result = run('make', [
      '--no-print-directory',
      'projects.start/keywords',
      'COMPONENT=train',
      'WITHOUT_DOCKER=true',
      'ENVIRONMENT=nope',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.text).toContain(
      'ENVIRONMENT: config/nope.env does not exist. Expected: one of ci, dev, prod.',
    );
  });

  it('lists the known projects for an unknown one', () => {
    const result = run('make', [
      '--no-print-directory',
      'projects.start/unknown',
      'WITHOUT_DOCKER=true',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.text).toMatch(
      /Unknown project "unknown"\. Known projects: (\S+ \(--component train\), )*keywords \(--component train\)/,
    );
  });

  it('says how to start Docker when a containerised start finds no engine', () => {
    const result = run('make', ['--no-print-directory', 'projects.start/keywords'], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(result.code).not.toBe(0);
    expect(result.text).toContain(
      'Docker Engine is not reachable at unix:///nonexistent/docker.sock',
    );
  });
});

describe('registration into the embedded registry', () => {
  it('registers KEYWORDS-TRAINED-1 and -2, the second reusing every unchanged artifact', () => {
    const home = tempTree();
    const first = mesh(['start', 'keywords', '--without-docker'], {}, home);
    const second = mesh(['start', 'keywords', '--without-docker'], {}, home);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.text).toContain('Registered KEYWORDS-TRAINED-2');
    const reused =
      /uploaded ([\d.]+ (?:B|KiB|MiB)), reused ([\d.]+ (?:B|KiB|MiB)) already stored/.exec(
        second.text,
      );
    expect(reused).not.toBeNull();
    // Only the model card (it records the run's time) changes between two runs on the same data.
    expect(reused![2]).not.toBe('0 B');

    const listed = mesh(['models', 'list', 'keywords', '--json'], {}, home);
    expect(listed.code).toBe(0);
    const versions = JSON.parse(listed.stdout);
    expect(versions.map((version: { id: string }) => version.id)).toEqual([
      'KEYWORDS-TRAINED-1',
      'KEYWORDS-TRAINED-2',
    ]);
    expect(versions[1].metrics.f1).toBeGreaterThan(F1_FLOOR);

    const table = mesh(['models', 'list', 'keywords'], {}, home);
    expect(table.stdout).toMatch(/KEYWORDS-TRAINED-2 .* 0\.\d{4}/);
    const diff = mesh(
      ['models', 'diff', 'KEYWORDS-TRAINED-1', 'KEYWORDS-TRAINED-2', '--json'],
      {},
      home,
    );
    expect(diff.code).toBe(0);
    expect(
      JSON.parse(diff.stdout).metrics.find((row: { name: string }) => row.name === 'f1').delta,
    ).toBe(0);

    const shown = JSON.parse(
      mesh(['models', 'show', 'KEYWORDS-TRAINED-2', '--json'], {}, home).stdout,
    );
    expect(shown.lineage.datasets.map((dataset: { name: string }) => dataset.name)).toEqual([
      'training',
      'evaluation',
      'samples',
    ]);
    expect(shown.testFiles).toHaveProperty('predictions');
    expect(shown.artifacts.map((artifact: { path: string }) => artifact.path)).toContain(
      'model.json',
    );

    const unknown = mesh(['models', 'show', 'KEYWORDS-TRAINED-7'], {}, home);
    expect(unknown.code).toBe(1);
    expect(unknown.text).toContain(
      'Unknown version KEYWORDS-TRAINED-7: KEYWORDS-TRAINED has versions 1 to 2',
    );
  });
});
