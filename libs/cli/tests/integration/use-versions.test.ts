import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { collectLineage, openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { main } from '../../src/main';

// A component whose predictor multiplies `x` by the stored factor and whose evaluator reports
// the mean absolute error on `{x, y}` lines: small enough to read, real enough to load.
const PREDICT_JS = `
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { createHash } = require('node:crypto');
function load(dir) { return JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')); }
exports.loadPredictor = async (dir) => {
  const { factor } = load(dir);
  return { predict: async (inputs) => inputs.map((input, i) => {
    if (typeof input.x !== 'number') throw new Error('input ' + (i + 1) + ' of the batch: field "x" must be a number');
    return { y: input.x * factor };
  }) };
};
exports.evaluate = async (dir, uri, { cwd }) => {
  const { factor } = load(dir);
  const bytes = readFileSync(resolve(cwd, uri));
  const rows = bytes.toString('utf8').split('\\n').filter(Boolean).map((line, i) => {
    try { return JSON.parse(line); } catch { throw new Error(uri + ':' + (i + 1) + ': not valid JSON'); }
  });
  const mae = rows.reduce((sum, row) => sum + Math.abs(row.x * factor - row.y), 0) / rows.length;
  return { metrics: { mae }, records: rows.length, digest: 'sha256:' + createHash('sha256').update(bytes).digest('hex') };
};
`;

const manifest = (name: string, mesh?: object) =>
  JSON.stringify({
    name: `@mesh/${name}`,
    version: '0.1.0',
    nx: { name },
    ...(mesh ? { mesh } : {}),
  });

async function workspace() {
  const root = tempTree({
    'nx.json': '{}',
    'projects/double/train/package.json': manifest('double-train', { predict: 'dist/predict.js' }),
    'projects/double/train/dist/predict.js': PREDICT_JS,
    'projects/plain/train/package.json': manifest('plain-train'),
    'data/test.jsonl': '{"x":1,"y":2}\n{"x":2,"y":5}\n',
  });
  const meshHome = join(root, '.mesh');
  const settings = loadSettings(registrySettingsSpec, { configDir: null, env: {} }).values;
  const registry = await openRegistry({ settings, meshHome });
  try {
    for (const [project, factor] of [
      ['double', 2],
      ['double', 2.25],
      ['plain', 1],
    ] as const) {
      const at = new Date();
      await registry.registerVersion({
        model: `${project.toUpperCase()}-TRAINED`,
        project,
        artifactsDir: tempTree({ 'model.json': JSON.stringify({ factor }) }),
        card: null,
        testFiles: {
          inputs: [
            { id: 'a', x: 1 },
            { id: 'b', x: 2 },
          ],
          // Version 1's second stored prediction is wrong on purpose: verify must catch it.
          predictions: [{ y: factor }, { y: 4.5 }],
        },
        metrics: { mae: 0 },
        params: { factor },
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

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('mesh predict', () => {
  it('predicts JSONL with the newest version, downloading once and then from the cache', async () => {
    const { root, meshHome } = await workspace();
    writeFileSync(join(root, 'in.jsonl'), '{"x":1}\n\n{"x":4}\n');
    const first = await mesh(
      root,
      'predict',
      'double',
      '--input',
      'in.jsonl',
      '--output',
      'out.jsonl',
    );
    expect(first.stderr).toContain('DOUBLE-TRAINED-2 downloaded');
    expect(first.code).toBe(0);
    expect(lines(join(root, 'out.jsonl'))).toEqual([{ y: 2.25 }, { y: 9 }]);
    expect(readdirSync(join(meshHome, 'cache', 'models'))).toHaveLength(1);

    const second = await mesh(
      root,
      'predict',
      'double',
      '--version',
      'DOUBLE-TRAINED-1',
      '--input',
      'in.jsonl',
      '--output',
      'out.jsonl',
      '--batch-size',
      '1',
    );
    expect(second.code).toBe(0);
    expect(lines(join(root, 'out.jsonl'))).toEqual([{ y: 2 }, { y: 8 }]);
    const third = await mesh(
      root,
      'predict',
      'double',
      '--version',
      'DOUBLE-TRAINED-1',
      '--input',
      'in.jsonl',
      '--output',
      'out.jsonl',
    );
    expect(third.stderr).toContain('DOUBLE-TRAINED-1 from the cache');
  });

  it('names the line of malformed JSONL and of an input missing a field, leaving no output file', async () => {
    const { root } = await workspace();
    writeFileSync(join(root, 'bad.jsonl'), '{"x":1}\n{"x":\n');
    const malformed = await mesh(
      root,
      'predict',
      'double',
      '--input',
      'bad.jsonl',
      '--output',
      'out.jsonl',
    );
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('bad.jsonl:2: not valid JSON');
    writeFileSync(join(root, 'missing.jsonl'), '{"x":1}\n{"x":2}\n{"z":3}\n');
    const missing = await mesh(
      root,
      'predict',
      'double',
      '--input',
      'missing.jsonl',
      '--output',
      'out.jsonl',
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing.jsonl:3: field "x" must be a number');
    expect(
      readdirSync(root).filter((name) => name.includes('out') || name.endsWith('.partial')),
    ).toEqual([]);
  });

  it('refuses a project without a predictor, and an unknown version or alias', async () => {
    const { root } = await workspace();
    writeFileSync(join(root, 'in.jsonl'), '{"x":1}\n');
    const plain = await mesh(root, 'predict', 'plain', '--input', 'in.jsonl');
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('plain/train has no predictor');
    const unknown = await mesh(
      root,
      'predict',
      'double',
      '--version',
      'DOUBLE-TRAINED-9',
      '--input',
      'in.jsonl',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown version DOUBLE-TRAINED-9');
    const alias = await mesh(
      root,
      'predict',
      'double',
      '--alias',
      'production',
      '--input',
      'in.jsonl',
    );
    expect(alias.stderr).toContain('has no alias "production"');
    const other = await mesh(
      root,
      'predict',
      'double',
      '--version',
      'PLAIN-TRAINED-1',
      '--input',
      'in.jsonl',
    );
    expect(other.stderr).toContain('is a version of PLAIN-TRAINED, not of double');
  });
});

describe("a component's predict task (mesh-predict of @mesh/inference)", () => {
  // What `make projects.run/<p> TASK=predict` runs in the component's image: the real bin, in
  // the component's folder, reading piped stdin.
  const bin = join(__dirname, '..', '..', '..', 'inference', 'bin', 'mesh-predict.js');
  const predictTask = (
    root: string,
    input: string,
    env: NodeJS.ProcessEnv = {},
    args: string[] = [],
  ) => {
    // The workspace's own .mesh/, and the newest version unless the test pins one.
    const inherited = { ...process.env };
    for (const name of ['MESH_HOME', 'MODEL_VERSION', 'MODEL_ALIAS']) delete inherited[name];
    const run = spawnSync(process.execPath, [bin, ...args], {
      cwd: join(root, 'projects', 'double', 'train'),
      input,
      env: { ...inherited, ...env },
      encoding: 'utf8',
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('answers stdin on stdout with the newest version, MODEL_VERSION or MODEL_ALIAS, through the cache', async () => {
    const { root, meshHome } = await workspace();
    const newest = predictTask(root, '{"x":1}\n\n{"x":4}\n');
    expect(newest.stderr).toContain('DOUBLE-TRAINED-2 downloaded and verified');
    expect(newest.code).toBe(0);
    expect(newest.stdout).toBe('{"y":2.25}\n{"y":9}\n');
    expect(readdirSync(join(meshHome, 'cache', 'models'))).toHaveLength(1);

    const pinned = predictTask(root, '{"x":4}\n', { MODEL_VERSION: 'DOUBLE-TRAINED-1' });
    expect(pinned.stdout).toBe('{"y":8}\n');
    expect(predictTask(root, '{"x":4}\n', {}, ['--version', 'DOUBLE-TRAINED-1']).stderr).toContain(
      'DOUBLE-TRAINED-1 from the cache',
    );

    expect(
      (await mesh(root, 'models', 'promote', 'DOUBLE-TRAINED-1', '--alias', 'production')).code,
    ).toBe(0);
    expect(predictTask(root, '{"x":3}\n', { MODEL_ALIAS: 'production' }).stdout).toBe('{"y":6}\n');
  });

  it('fails with the line of malformed input, or on a version and an alias at once, exit 1', async () => {
    const { root } = await workspace();
    const malformed = predictTask(root, '{"x":1}\nnot json\n');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/stdin:2/);
    const both = predictTask(root, '{"x":1}\n', {
      MODEL_VERSION: 'DOUBLE-TRAINED-1',
      MODEL_ALIAS: 'production',
    });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('not both');
    expect(both.stdout).toBe('');
  });
});

describe('mesh evaluate', () => {
  it('stores the score with the version, shown by models show and compared by models list --evaluated-on', async () => {
    const { root } = await workspace();
    for (const version of ['DOUBLE-TRAINED-1', 'DOUBLE-TRAINED-2']) {
      const result = await mesh(
        root,
        'evaluate',
        'double',
        '--version',
        version,
        '--data',
        'data/test.jsonl',
        '--json',
      );
      expect(result.code).toBe(0);
    }
    const digest = `sha256:${createHash('sha256')
      .update(readFileSync(join(root, 'data/test.jsonl')))
      .digest('hex')}`;
    const shown = JSON.parse(
      (await mesh(root, 'models', 'show', 'DOUBLE-TRAINED-1', '--json')).stdout,
    );
    expect(shown.evaluations).toEqual([
      expect.objectContaining({
        dataUri: 'data/test.jsonl',
        dataDigest: digest,
        records: 2,
        metrics: { mae: 0.5 },
        actor: 'tester',
      }),
    ]);
    const side = JSON.parse(
      (await mesh(root, 'models', 'list', 'double', '--evaluated-on', digest, '--json')).stdout,
    );
    expect(
      side.map((row: { versionId: string; metrics: { mae: number } }) => [
        row.versionId,
        row.metrics.mae,
      ]),
    ).toEqual([
      ['DOUBLE-TRAINED-1', 0.5],
      ['DOUBLE-TRAINED-2', 0.375],
    ]);
    const table = await mesh(root, 'models', 'list', 'double', '--evaluated-on', 'data/test.jsonl');
    expect(table.stdout).toMatch(/DOUBLE-TRAINED-2 .* 0\.3750/);
  });

  it('reports the component’s data error and stores nothing', async () => {
    const { root } = await workspace();
    writeFileSync(join(root, 'data/bad.jsonl'), '{"x":1,"y":2}\nnope\n');
    const result = await mesh(root, 'evaluate', 'double', '--data', 'data/bad.jsonl');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('data/bad.jsonl:2: not valid JSON');
    const shown = JSON.parse(
      (await mesh(root, 'models', 'show', 'DOUBLE-TRAINED-2', '--json')).stdout,
    );
    expect(shown.evaluations).toEqual([]);
  });
});

describe('mesh models verify', () => {
  it('reproduces the stored predictions, and exits 1 at the first difference', async () => {
    const { root } = await workspace();
    const ok = await mesh(root, 'models', 'verify', 'DOUBLE-TRAINED-2');
    expect(ok.stderr).toContain('2 stored predictions reproduced');
    expect(ok.code).toBe(0);
    const differs = await mesh(root, 'models', 'verify', 'DOUBLE-TRAINED-1');
    expect(differs.code).toBe(1);
    expect(differs.stderr).toContain(
      'input 2 (id "b") differs from the stored prediction at y: stored 4.5, now 4',
    );
  });
});

describe('a version whose artifacts were damaged in the store', () => {
  it('is refused by predict, evaluate and verify with the digest mismatch', async () => {
    const { root, meshHome } = await workspace();
    const blobs = join(meshHome, 'store', 'blobs', 'sha256');
    for (const prefix of readdirSync(blobs))
      for (const blob of readdirSync(join(blobs, prefix)))
        writeFileSync(join(blobs, prefix, blob), '{"factor":3}');
    rmSync(join(meshHome, 'cache'), { recursive: true, force: true });
    writeFileSync(join(root, 'in.jsonl'), '{"x":1}\n');
    for (const args of [
      ['predict', 'double', '--input', 'in.jsonl', '--output', 'out.jsonl'],
      ['evaluate', 'double', '--data', 'data/test.jsonl'],
      ['models', 'verify', 'DOUBLE-TRAINED-2'],
    ]) {
      const result = await mesh(root, ...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/sha256|digest|checksum/i);
    }
    expect(existsSync(join(root, 'out.jsonl'))).toBe(false);
    expect(
      existsSync(join(meshHome, 'cache', 'models'))
        ? readdirSync(join(meshHome, 'cache', 'models'))
        : [],
    ).toEqual([]);
  });
});
