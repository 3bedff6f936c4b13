/**
 * @jest-environment ./projects/ranker/train/tests/node-realm-environment.js
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { syntheticLetor } from '@mesh/ltr';
import { Output } from '@mesh/output';
import { fetchVersion, verifyPredictions } from '@mesh/inference';
import { runComponent } from '@mesh/pipeline';
import { openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { scoreWithOnnx } from '../../src/export/onnx';
import { RankerModel } from '../../src/model/ranker-model';
import { evaluate, loadPredictor } from '../../src/predict';
import { settingsSpec } from '../../src/settings';
import { simulateSnapshots } from '../../src/simulator';
import { trainPipeline } from '../../src/train-pipeline';

const componentRoot = join(__dirname, '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Runs ranker/train in this process against a fresh MESH_HOME. */
async function train(env: Record<string, string> = {}) {
  const home = tempTree();
  const stderr = new PassThrough();
  const stdout = new PassThrough();
  const fullEnv = { MESH_HOME: home, ENVIRONMENT: 'dev', CI: 'true', ITERATIONS: '80', ...env };
  const output = new Output({ env: fullEnv, stderr, stdout });
  const code = await runComponent(
    {
      project: 'ranker',
      component: 'train',
      root: componentRoot,
      settings: settingsSpec,
      pipeline: trainPipeline,
    },
    { env: fullEnv, output },
  );
  const runs = join(home, 'runs', 'ranker-train');
  const folders = existsSync(runs) ? readdirSync(runs).map((name) => join(runs, name)) : [];
  return {
    code,
    text: String(stderr.read() ?? '') + String(stdout.read() ?? ''),
    folders,
    home,
  };
}

describe('a training run on the shipped data', () => {
  let run: Awaited<ReturnType<typeof train>>;
  beforeAll(async () => {
    run = await train();
    if (run.code !== 0) console.log(run.text);
  }, 120_000);

  it('exits 0 and writes JSON and ONNX models with sidecars, versions.json and plots.json', () => {
    expect(run.code).toBe(0);
    const files = readdirSync(run.folders[0]).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'model.json',
        'model.json.metadata.json',
        'model.onnx',
        'model.onnx.metadata.json',
        'versions.json',
        'plots.json',
        'evaluation.json',
      ]),
    );
    const versions = readJson(join(run.folders[0], 'versions.json')) as Array<{ file: string }>;
    expect(versions.map((v) => v.file)).toEqual(['model.json', 'model.onnx']);
    const sidecar = readJson(join(run.folders[0], 'model.onnx.metadata.json'));
    expect(Object.keys(sidecar)).toEqual(
      expect.arrayContaining([
        'version',
        'description',
        'author',
        'dataset_size',
        'features',
        'training_date',
        'model_type',
        'export_format',
        'export_timestamp',
        'sha256',
      ]),
    );
    const plots = readJson(join(run.folders[0], 'plots.json')) as Array<{
      name: string;
      spec: { data: { values: unknown[] } };
    }>;
    expect(plots.map((p) => p.name)).toEqual([
      'ndcg-at-k',
      'feature-importance',
      'validation-ndcg',
    ]);
    expect(plots[0].spec.data.values.length).toBeGreaterThan(10);
  });

  it('beats both baselines on NDCG@5 and its ONNX scores match the JSON model within 1e-5', async () => {
    const evaluation = readJson(join(run.folders[0], 'evaluation.json'));
    const model = evaluation.metrics['ndcg@5'];
    for (const baseline of evaluation.baselines)
      expect(model).toBeGreaterThan(baseline.metrics['ndcg@5'] + 0.05);
    const ranker = RankerModel.load(join(run.folders[0], 'model.json'));
    const onnx = await scoreWithOnnx(
      join(run.folders[0], 'model.onnx'),
      ranker.sampleRows,
      ranker.ensemble.numFeatures,
    );
    const json = ranker.ensemble.predict(ranker.sampleRows);
    expect(onnx.length).toBe(json.length);
    for (let i = 0; i < json.length; i++)
      expect(Math.abs(onnx[i] - json[i])).toBeLessThanOrEqual(1e-5);
  });

  it("evaluate() gives the run's metrics on the same data, and predict() ranks a snapshot", async () => {
    const reported = readJson(join(run.folders[0], 'evaluation.json')).metrics;
    const result = await evaluate(run.folders[0], 'data/eval.jsonl.gz', { cwd: componentRoot });
    expect(result.metrics).toEqual(reported);
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const predictor = await loadPredictor(run.folders[0]);
    const [snapshot] = simulateSnapshots({ snapshots: 1, seed: 99 });
    const [answer] = (await predictor.predict([snapshot])) as Array<{
      ranking: Array<{ pid: number; score: number; rank: number }>;
    }>;
    expect(answer.ranking).toHaveLength((snapshot.processes as unknown[]).length);
    expect(answer.ranking[0].rank).toBe(1);
    expect(answer.ranking[0].score).toBeGreaterThanOrEqual(answer.ranking[1].score);
    await expect(predictor.predict([{ snapshot_id: 'x' }])).rejects.toThrow(
      /inputs\[0\]\.snapshot_id/,
    );
  });

  it('stores test files whose predictions loadPredictor reproduces, as mesh models verify checks', async () => {
    const folder = run.folders[0];
    const inputs = readJson(join(folder, 'test-files', 'inputs.json'));
    const predictions = readJson(join(folder, 'test-files', 'predictions.json'));
    expect(readJson(join(folder, 'test-files', 'inference_params.json'))).toEqual({});
    expect(inputs).toHaveLength(3);
    // The first snapshots of the shipped evaluation data, exactly as the daemon wrote them.
    const shipped = gunzipSync(readFileSync(join(componentRoot, 'data', 'eval.jsonl.gz')))
      .toString('utf8')
      .split('\n')
      .slice(0, 3)
      .map((line) => JSON.parse(line));
    expect(inputs).toEqual(shipped);
    expect(predictions.map((p: { snapshot_id: unknown }) => p.snapshot_id)).toEqual(
      shipped.map((snapshot) => snapshot.snapshot_id),
    );
    expect(predictions[0].ranking).toHaveLength(inputs[0].processes.length);
    const predictor = await loadPredictor(folder);
    expect(await predictor.predict(inputs)).toEqual(predictions);

    // What `mesh models verify RANKER-TRAINED-1` does: a fresh download from the store, then
    // the stored inputs re-predicted and compared with the registered predictions.
    const env = { MESH_HOME: run.home, ENVIRONMENT: 'dev' };
    const settings = loadSettings(registrySettingsSpec, { env, configDir: null }).values;
    const registry = await openRegistry({ settings, meshHome: run.home });
    try {
      const version = await registry.getVersion('RANKER-TRAINED-1');
      expect(version.testFiles.predictions).toEqual(predictions);
      const fetched = await fetchVersion(registry, version.id, {
        meshHome: run.home,
        fresh: true,
      });
      try {
        const fromStore = await loadPredictor(fetched.dir);
        const report = await verifyPredictions(fromStore, version.testFiles, version.id);
        expect(report.checked).toBe(3);
      } finally {
        fetched.release();
      }
    } finally {
      await registry.close();
    }
  });
});

describe('failures and other inputs', () => {
  it('fails the quality gate (exit 1) and keeps nothing when the margin cannot be met', async () => {
    const run = await train({
      ITERATIONS: '5',
      MIN_MARGIN_OVER_BASELINES: '0.9',
      EXPORT_ONNX: 'false',
    });
    expect(run.code).toBe(1);
    expect(run.text).toMatch(
      /does not beat the random order \(0\.\d+\) by MIN_MARGIN_OVER_BASELINES=0.9/,
    );
    expect(run.folders).toHaveLength(0);
  }, 60_000);

  it('trains on SVMlight/LETOR data with DATA_FORMAT=svmlight', async () => {
    const dir = tempTree();
    writeFileSync(
      join(dir, 'train.txt'),
      syntheticLetor({ queries: 60, docsPerQuery: 20, features: 10, seed: 1 }),
    );
    writeFileSync(
      join(dir, 'test.txt'),
      syntheticLetor({ queries: 30, docsPerQuery: 20, features: 10, seed: 2 }),
    );
    const run = await train({
      DATA_FORMAT: 'svmlight',
      TRAINING_DATA_URI: join(dir, 'train.txt'),
      EVAL_DATA_URI: join(dir, 'test.txt'),
      ITERATIONS: '30',
    });
    expect(run.text).toMatch(/best_single_feature/);
    expect(run.code).toBe(0);
    const result = await evaluate(run.folders[0], join(dir, 'test.txt'), { cwd: dir });
    expect(result.metrics).toEqual(readJson(join(run.folders[0], 'evaluation.json')).metrics);
    const inputs = readJson(join(run.folders[0], 'test-files', 'inputs.json'));
    expect(inputs).toHaveLength(3);
    expect(inputs[0].features).toHaveLength(10);
    const predictions = readJson(join(run.folders[0], 'test-files', 'predictions.json'));
    expect(Object.keys(predictions[0])).toEqual(['score']);
    expect(await (await loadPredictor(run.folders[0])).predict(inputs)).toEqual(predictions);
    // With the shipped (snapshot) evaluation file still configured, the validation queries serve.
    const defaults = await train({
      DATA_FORMAT: 'svmlight',
      TRAINING_DATA_URI: join(dir, 'train.txt'),
      ITERATIONS: '10',
    });
    expect(defaults.text).toMatch(/the validation queries are the evaluation data/);
    expect(defaults.code).toBe(0);
  }, 90_000);

  it('rejects bad snapshot data naming file and line, exit 1', async () => {
    const dir = tempTree();
    const [snapshot] = simulateSnapshots({ snapshots: 1, seed: 1 });
    snapshot.cpu_idle = 2;
    writeFileSync(join(dir, 'bad.jsonl'), JSON.stringify(snapshot) + '\n');
    const run = await train({ TRAINING_DATA_URI: join(dir, 'bad.jsonl') });
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/bad.jsonl:1: cpu_idle: 2 is outside \[0, 1\]/);
  }, 60_000);
});
