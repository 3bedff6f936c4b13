import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { Output } from '@mesh/output';
import { runComponent } from '@mesh/pipeline';
import { tempTree } from '@mesh/testing';
import { evaluate, loadPredictor } from '../../src/predict';
import { settingsSpec } from '../../src/settings';
import { trainPipeline } from '../../src/train-pipeline';

const componentRoot = join(__dirname, '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Runs sentiment/train in this process against a fresh MESH_HOME. */
async function train(env: Record<string, string> = {}) {
  const home = tempTree();
  const stderr = new PassThrough();
  const stdout = new PassThrough();
  const fullEnv = { MESH_HOME: home, ENVIRONMENT: 'dev', CI: 'true', ...env };
  const output = new Output({ env: fullEnv, stderr, stdout });
  const code = await runComponent(
    {
      project: 'sentiment',
      component: 'train',
      root: componentRoot,
      settings: settingsSpec,
      pipeline: trainPipeline,
    },
    { env: fullEnv, output },
  );
  const runs = join(home, 'runs', 'sentiment-train');
  const folders = existsSync(runs) ? readdirSync(runs).map((name) => join(runs, name)) : [];
  return { code, text: String(stderr.read() ?? '') + String(stdout.read() ?? ''), folders };
}

describe('a training run on the shipped data', () => {
  let run: Awaited<ReturnType<typeof train>>;
  beforeAll(async () => {
    run = await train();
  }, 120_000);

  it('exits 0, registers a version and writes model, plots, test files and model card', () => {
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/Registered SENTIMENT-TRAINED-1/);
    expect(run.folders).toHaveLength(1);
    const files = readdirSync(run.folders[0], { recursive: true }).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'model.json',
        'model_card.json',
        'plots.json',
        'test-files/inference_params.json',
        'test-files/inputs.json',
        'test-files/predictions.json',
      ]),
    );
    const card = readJson(join(run.folders[0], 'model_card.json'));
    expect(card.labels).toEqual(['negative', 'neutral', 'positive']);
    expect(card.baselines.majority.accuracy).toBeLessThan(card.metrics.accuracy);
    expect(
      readJson(join(run.folders[0], 'plots.json')).map((p: { name: string }) => p.name),
    ).toEqual(['confusion-matrix']);
  });

  it('evaluate on the shipped eval data gives the metrics the run reported', async () => {
    const folder = run.folders[0];
    const metrics = readJson(join(folder, 'model_card.json')).metrics;
    const result = await evaluate(folder, 'data/eval.jsonl', { cwd: componentRoot, env: {} });
    expect(result.metrics).toEqual(metrics);
    expect(result.records).toBe(150);
  });

  it('the predictor reproduces the stored test-file predictions', async () => {
    const folder = run.folders[0];
    const predictor = await loadPredictor(folder);
    const inputs = readJson(join(folder, 'test-files', 'inputs.json'));
    expect(await predictor.predict(inputs)).toEqual(
      readJson(join(folder, 'test-files', 'predictions.json')),
    );
  });
});

describe('runs on other formats and bad input', () => {
  it('trains a binary model from a .tar.gz folder tree, with ROC and precision-recall plots', async () => {
    const words = {
      pos: ['wonderful', 'moving', 'great', 'superb'],
      neg: ['awful', 'boring', 'dreadful', 'weak'],
    };
    const archive = pack();
    for (const split of ['train', 'test'])
      for (const label of ['pos', 'neg'] as const)
        for (let i = 0; i < (split === 'train' ? 60 : 20); i++) {
          const w = words[label];
          archive.entry(
            { name: `reviews/${split}/${label}/${i}_${label === 'pos' ? 9 : 1}.txt` },
            `The film was ${w[i % 4]} and ${w[(i + 1) % 4]}.<br /><br />Its plot, item ${i}, was ${w[(i + 2) % 4]}.`,
          );
        }
    archive.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
    const dir = tempTree({ 'reviews.tar.gz': gzipSync(Buffer.concat(chunks)) });
    const run = await train({
      TRAINING_DATA_URI: `${join(dir, 'reviews.tar.gz')}#reviews/train`,
      EVAL_DATA_URI: `${join(dir, 'reviews.tar.gz')}#reviews/test`,
    });
    expect(run.text).toMatch(/Registered SENTIMENT-TRAINED-1/);
    expect(run.code).toBe(0);
    const plots = readJson(join(run.folders[0], 'plots.json')).map((p: { name: string }) => p.name);
    expect(plots).toEqual(['confusion-matrix', 'roc-curve', 'precision-recall-curve']);
    expect(readJson(join(run.folders[0], 'model_card.json')).metrics.roc_auc).toBeGreaterThan(0.9);
  }, 120_000);

  it('an eval label unseen in training fails with file and line, exit 1, nothing registered', async () => {
    const dir = tempTree({
      'eval.jsonl': '{"text":"fine","label":"positive"}\n{"text":"so-so","label":"mixed"}\n',
    });
    const run = await train({ EVAL_DATA_URI: join(dir, 'eval.jsonl') });
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/eval\.jsonl:2: label "mixed" is not among the training labels/);
    expect(run.folders).toEqual([]);
  }, 60_000);

  it('a model no better than the majority class fails the quality gate with exit 1', async () => {
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ text: `item ${i}`, label: i % 4 === 0 ? 'b' : 'a' }),
    );
    const dir = tempTree({ 'noise.jsonl': `${lines.join('\n')}\n` });
    const run = await train({
      TRAINING_DATA_URI: join(dir, 'noise.jsonl'),
      EVAL_DATA_URI: join(dir, 'noise.jsonl'),
    });
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/not above the majority-class baseline/);
    expect(run.folders).toEqual([]);
  }, 60_000);
});
