import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { runComponent } from '@mesh/pipeline';
import { tempTree } from '@mesh/testing';
import { pipeline } from '../../src/pipeline';
import { evaluate, loadPredictor } from '../../src/predict';
import { settingsSpec } from '../../src/settings';

const componentRoot = join(__dirname, '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Runs ner/train in this process against a fresh MESH_HOME; returns its exit code, output and run folders. */
async function train(env: Record<string, string> = {}) {
  const home = tempTree();
  const stderr = new PassThrough();
  const stdout = new PassThrough();
  const fullEnv = { MESH_HOME: home, ENVIRONMENT: 'dev', CI: 'true', ...env };
  const output = new Output({ env: fullEnv, stderr, stdout });
  const code = await runComponent(
    { project: 'ner', component: 'train', root: componentRoot, settings: settingsSpec, pipeline },
    { env: fullEnv, output },
  );
  const runs = join(home, 'runs', 'ner-train');
  const folders = existsSync(runs) ? readdirSync(runs).map((name) => join(runs, name)) : [];
  return { code, text: String(stderr.read() ?? '') + String(stdout.read() ?? ''), folders, home };
}

describe('a training run on the shipped data', () => {
  let run: Awaited<ReturnType<typeof train>>;
  beforeAll(async () => {
    run = await train();
  }, 120_000);

  it('exits 0 and writes model, plots, evaluation, test files and model card', () => {
    expect(run.code).toBe(0);
    expect(run.folders).toHaveLength(1);
    const files = readdirSync(run.folders[0], { recursive: true }).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'evaluation.json',
        'metrics.json',
        'model.bin.gz',
        'model_card.json',
        'plots.json',
        'test-files/inputs.json',
        'test-files/predictions.json',
      ]),
    );
    expect(run.text).toMatch(
      /training: 280 sentences, \d+ tokens, IOB1 tags, types LOC, MISC, ORG, PER/,
    );
  });

  it('beats the most-frequent-tag baseline it computed, per the quality gate', () => {
    const metrics = readJson(join(run.folders[0], 'metrics.json'));
    expect(metrics.f1).toBeGreaterThan(metrics.baseline_f1);
    expect(metrics.baseline_f1).toBeGreaterThan(0);
    expect(Object.keys(metrics)).toEqual(
      expect.arrayContaining([
        'precision',
        'recall',
        'accuracy',
        'f1_PER',
        'f1_LOC',
        'f1_ORG',
        'f1_MISC',
      ]),
    );
  });

  it('evaluate() on the shipped eval data gives the metrics the run reported', async () => {
    const metrics = readJson(join(run.folders[0], 'metrics.json'));
    const result = await evaluate(run.folders[0], 'data/eval.conll', { cwd: componentRoot });
    expect(result.records).toBe(90);
    expect(result.digest).toMatch(/^sha256:/);
    const modelMetrics = { ...metrics };
    delete modelMetrics.baseline_f1;
    expect(result.metrics).toEqual(modelMetrics);
  });

  it('loadPredictor reproduces the stored predictions and tags text with character offsets', async () => {
    const folder = run.folders[0];
    const predictor = await loadPredictor(folder);
    const inputs = readJson(join(folder, 'test-files', 'inputs.json'));
    expect(await predictor.predict(inputs)).toEqual(
      readJson(join(folder, 'test-files', 'predictions.json')),
    );
    const text = 'Prime Minister Helen Marsh flew to Lisbon to meet President Ivan Petrov .';
    const [answer] = (await predictor.predict([{ text }])) as Array<{
      entities: Array<{ type: string; start: number; end: number; text: string }>;
    }>;
    for (const entity of answer.entities)
      expect(text.slice(entity.start, entity.end)).toBe(entity.text);
    expect(answer.entities.map((e) => e.text)).toContain('Lisbon');
    await expect(predictor.predict([{ words: ['a'] }])).rejects.toThrow(
      /input 0: give field "tokens"/,
    );
    await expect(predictor.predict([{ tokens: 'Paris' }])).rejects.toThrow(
      /field "tokens" must be an array/,
    );
  });

  it('writes plots.json as complete Vega-Lite specs with inline data', () => {
    const plots = readJson(join(run.folders[0], 'plots.json'));
    expect(plots.map((plot: { name: string }) => plot.name)).toEqual([
      'f1-by-type',
      'type-confusion',
    ]);
    for (const plot of plots) {
      expect(plot.spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
      expect(plot.spec.data.values.length).toBeGreaterThan(0);
    }
  });
});

describe('a run that cannot produce a usable model', () => {
  it('fails the quality gate with exit 1 and keeps nothing', async () => {
    const run = await train({ MIN_F1_GAIN: '1' });
    expect(run.code).toBe(1);
    expect(run.text).toMatch(
      /does not beat the most-frequent-tag baseline .* by MIN_F1_GAIN=1; nothing was kept/,
    );
    expect(run.folders).toHaveLength(0);
  }, 120_000);

  it('names file and line of bad training data and keeps nothing', async () => {
    const dir = tempTree({ 'bad.conll': 'Paris B-LOC\n\nRome I-PLACE\nis\n' });
    const run = await train({ TRAINING_DATA_URI: join(dir, 'bad.conll') });
    expect(run.code).toBe(1);
    expect(run.text).toContain('bad.conll:4: found 1 column(s) in "is"');
    expect(run.folders).toHaveLength(0);
  });

  it('warns about entity types in eval never seen in training, scoring them as misses', async () => {
    const dir = tempTree({
      'eval.conll':
        'Acme B-ORG\nsold O\nWidgets B-PRODUCT\n\nAnna B-PER\nLindqvist I-PER\nspoke O\n',
    });
    const run = await train({ EVAL_DATA_URI: join(dir, 'eval.conll'), MIN_F1_GAIN: '-1' });
    expect(run.text).toMatch(
      /has entity types never seen in training \(PRODUCT\): they are scored as misses/,
    );
    expect(run.code).toBe(0);
  }, 120_000);
});
