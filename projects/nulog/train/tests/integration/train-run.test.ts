import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { runComponent } from '@mesh/pipeline';
import { tempTree } from '@mesh/testing';
import { parseCsvLine } from '../../src/logs/csv';
import { pipeline } from '../../src/pipeline';
import { evaluate, loadPredictor } from '../../src/predict';
import { settingsSpec } from '../../src/settings';

const componentRoot = join(__dirname, '..', '..');

/** Content and EventTemplate of a shipped structured CSV, in line order. */
function readStructured(path: string): { content: string; template: string }[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => {
      const fields = parseCsvLine(row);
      return { content: fields[1], template: fields[3] };
    });
}

/** Runs nulog/train in this process against a fresh MESH_HOME. */
async function train(env: Record<string, string> = {}) {
  const home = tempTree();
  const stderr = new PassThrough();
  const stdout = new PassThrough();
  const fullEnv = { MESH_HOME: home, ENVIRONMENT: 'dev', CI: 'true', ...env };
  const output = new Output({ env: fullEnv, stderr, stdout });
  const code = await runComponent(
    { project: 'nulog', component: 'train', root: componentRoot, settings: settingsSpec, pipeline },
    { env: fullEnv, output },
  );
  const runs = join(home, 'runs', 'nulog-train');
  const folders = existsSync(runs) ? readdirSync(runs).map((name) => join(runs, name)) : [];
  return { code, text: String(stderr.read() ?? '') + String(stdout.read() ?? ''), folders };
}

it('trains on the logs of TIME_INTERVALS only, as a NATS request asks', async () => {
  // The shipped JSONL starts at 1764633600 s, one line every 1.5 s: 60 s hold lines 1..40.
  const run = await train({
    TIME_INTERVALS: '[{"start_ts": "1764633600000000000", "end_ts": "1764633660000000000"}]',
  });
  expect(run.code).toBe(0);
  expect(run.text).toMatch(/Learning templates from 40 messages/);
});

describe('nulog/train on the shipped logs', () => {
  let run: Awaited<ReturnType<typeof train>>;
  beforeAll(async () => {
    run = await train();
  });

  it('registers a version whose parsing accuracy beats the Drain baseline it computed', () => {
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/Registered NULOG-TRAINED-1/);
    const metrics = run.text.match(/parsing accuracy ([\d.]+) .* Drain baseline ([\d.]+)/);
    expect(Number(metrics![1])).toBeGreaterThan(Number(metrics![2]));
  });

  it('writes the structured CSV, templates with counts, vocab.txt, windows and plots', () => {
    const folder = run.folders[0];
    const structured = readFileSync(join(folder, 'structured.csv'), 'utf8').trim().split('\n');
    expect(structured[0]).toBe('LineId,Content,EventId,EventTemplate');
    expect(structured).toHaveLength(301);
    const templates = readFileSync(join(folder, 'templates.csv'), 'utf8').trim().split('\n');
    expect(templates[0]).toBe('EventId,EventTemplate,Occurrences');
    const total = templates.slice(1).reduce((sum, line) => sum + Number(line.split(',').pop()), 0);
    expect(total).toBe(300);
    expect(readFileSync(join(folder, 'vocab.txt'), 'utf8').split('\n').slice(0, 2)).toEqual([
      '<PAD>',
      '<CLS>',
    ]);
    expect(existsSync(join(folder, 'windows.tar.gz'))).toBe(true);
    const plots = JSON.parse(readFileSync(join(folder, 'plots.json'), 'utf8'));
    expect(plots[0].spec.data.values.length).toBeGreaterThan(5);
  });

  it('evaluate reports the same metrics as the run on the same data, and predict maps lines to templates', async () => {
    const folder = run.folders[0];
    const result = await evaluate(folder, 'data/mesh-api-eval_structured.csv', {
      cwd: componentRoot,
    });
    const card = JSON.parse(readFileSync(join(folder, 'model_card.json'), 'utf8'));
    expect(result.metrics.parsing_accuracy).toBe(card.metrics.parsing_accuracy);
    expect(result.records).toBe(150);
    const predictor = await loadPredictor(folder);
    const [known, unknown] = await predictor.predict([
      { line: 'user alice logged in from 10.1.2.3' },
      { line: 'something never seen before' },
    ]);
    expect(known).toEqual({
      eventId: expect.stringMatching(/^E[0-9a-f]{8}$/),
      template: 'user <*> logged in from <*>',
      score: 1,
      content: 'user alice logged in from 10.1.2.3',
    });
    expect(unknown.eventId).toBeNull();
    await expect(predictor.predict([{ text: 'x' }])).rejects.toThrow(/field "line"/);
  });

  it('predict splits raw lines with the LOG_FORMAT the model stored and maps every shipped evaluation line to its template', async () => {
    const folder = run.folders[0];
    const model = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
    expect(model.params.logFormat).toBe('<Date> <Time> <Level> <Component>: <Content>');
    const raw = readFileSync(join(componentRoot, 'data/mesh-api-eval.log'), 'utf8')
      .trim()
      .split('\n');
    const truth = readStructured(join(componentRoot, 'data/mesh-api-eval_structured.csv'));
    const predictions = await (await loadPredictor(folder)).predict(raw.map((line) => ({ line })));
    expect(predictions).toHaveLength(150);
    predictions.forEach((prediction, index) => {
      expect(prediction.content).toBe(truth[index].content);
      expect(prediction.eventId).not.toBeNull();
    });
    // Lines of one true template share one predicted template, and no two true templates share one.
    const byTruth = new Map<string, Set<unknown>>();
    const byPredicted = new Map<unknown, Set<string>>();
    predictions.forEach((prediction, index) => {
      const label = truth[index].template;
      byTruth.set(label, (byTruth.get(label) ?? new Set()).add(prediction.eventId));
      byPredicted.set(
        prediction.eventId,
        (byPredicted.get(prediction.eventId) ?? new Set()).add(label),
      );
    });
    for (const ids of byTruth.values()) expect(ids.size).toBe(1);
    for (const labels of byPredicted.values()) expect(labels.size).toBe(1);
    expect(predictions[0]).toMatchObject({ template: 'GET <*> answered <*> in <*> ms', score: 1 });
  });

  it('fails with exit 1 naming the file when the logs do not fit LOG_FORMAT, keeping nothing', async () => {
    const failed = await train({
      TRAINING_DATA_URI: 'data/mesh-api-train.log',
      LOG_FORMAT: '<Pid> \\[<Level>\\] <Content>',
    });
    expect(failed.code).toBe(1);
    expect(failed.text).toMatch(/mesh-api-train\.log: none of its 300 lines fits LOG_FORMAT/);
    expect(failed.folders).toEqual([]);
  });
});
