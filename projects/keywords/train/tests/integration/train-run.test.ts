import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { runComponent } from '@mesh/pipeline';
import { tempTree } from '@mesh/testing';
import { extractCandidates } from '../../src/model/candidates';
import { KeywordModel } from '../../src/model/keyword-model';
import { evaluate } from '../../src/predict';
import { settingsSpec } from '../../src/settings';
import { stopWordsOf } from '../../src/text/stop-words';
import { normalizePhrase } from '../../src/text/stem';
import { trainPipeline } from '../../src/train-pipeline';

// Every test here is a whole run (train, evaluate, register, render the report): seconds each
// on a loaded 2-core machine.
jest.setTimeout(60_000);

const componentRoot = join(__dirname, '..', '..');
const data = (file: string) => join(componentRoot, 'data', file);
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Runs keywords/train in this process against a fresh MESH_HOME; returns its exit code, output and run folders. */
async function train(env: Record<string, string> = {}, root = componentRoot) {
  const home = tempTree();
  const stderr = new PassThrough();
  const stdout = new PassThrough();
  const fullEnv = { MESH_HOME: home, ENVIRONMENT: 'dev', CI: 'true', ...env };
  const output = new Output({ env: fullEnv, stderr, stdout });
  const code = await runComponent(
    {
      project: 'keywords',
      component: 'train',
      root,
      settings: settingsSpec,
      pipeline: trainPipeline,
    },
    { env: fullEnv, output },
  );
  const runs = join(home, 'runs', 'keywords-train');
  const folders = existsSync(runs) ? readdirSync(runs).map((name) => join(runs, name)) : [];
  return { code, text: String(stderr.read() ?? '') + String(stdout.read() ?? ''), folders, home };
}

describe('a training run on the shipped data', () => {
  let run: Awaited<ReturnType<typeof train>>;
  beforeAll(async () => {
    run = await train();
  }, 120_000);

  it('exits 0 and writes model, test files, model card and metrics', () => {
    expect(run.code).toBe(0);
    expect(run.folders).toHaveLength(1);
    const files = readdirSync(run.folders[0], { recursive: true }).map(String).sort();
    expect(files).toEqual([
      'metrics.json',
      'model.json',
      'model_card.json',
      'plots.json',
      'report.html',
      'test-files',
      'test-files/inference_params.json',
      'test-files/inputs.json',
      'test-files/predictions.json',
    ]);
  });

  it('produces a model that loads and reproduces the stored predictions', () => {
    const folder = run.folders[0];
    const model = KeywordModel.load(join(folder, 'model.json'));
    const inputs = readJson(join(folder, 'test-files', 'inputs.json')) as Array<{
      id: string;
      lang: 'en' | 'de' | 'es';
      text: string;
    }>;
    const predictions = readJson(join(folder, 'test-files', 'predictions.json'));
    expect(inputs.map((input) => input.lang)).toEqual(['en', 'de', 'es']);
    expect(
      inputs.map((input) => ({
        id: input.id,
        keyphrases: model
          .extract(input.text, { language: input.lang })
          .map(({ phrase, score }) => ({ phrase, score })),
      })),
    ).toEqual(predictions);
    expect(
      predictions[0].keyphrases.map((keyphrase: { phrase: string }) => keyphrase.phrase),
    ).toContain('wind turbines');
  });

  it('records data digests, params, metrics and artifact digests in the model card', () => {
    const folder = run.folders[0];
    const card = readJson(join(folder, 'model_card.json'));
    const sha = (path: string) =>
      `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    expect(card.data.training).toMatchObject({
      uri: 'data/corpus.jsonl',
      digest: sha(data('corpus.jsonl')),
      records: 84,
    });
    expect(card.data.evaluation).toMatchObject({
      uri: 'data/eval.jsonl',
      digest: sha(data('eval.jsonl')),
      records: 48,
    });
    expect(card.params).toMatchObject({ ngramRange: [1, 3], stopWords: 'auto', topN: 10 });
    expect(card.metrics).toEqual(readJson(join(folder, 'metrics.json')));
    expect(card.lineage).toHaveProperty('git_dirty');
    const model = card.artifacts.find(
      (artifact: { path: string }) => artifact.path === 'model.json',
    );
    expect(model.sha256).toBe(sha(join(folder, 'model.json')));
  });

  it('beats ranking the same candidates by frequency alone, so the corpus statistics earn their keep', () => {
    const metrics = readJson(join(run.folders[0], 'metrics.json'));
    const evaluation = readFileSync(data('eval.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const f1s = evaluation.map(
      (record: { lang: 'en' | 'de' | 'es'; text: string; keyphrases: string[] }) => {
        const candidates = [
          ...extractCandidates(record.text, {
            language: record.lang,
            stopWords: stopWordsOf(record.lang),
            ngramRange: [1, 3],
          }).values(),
        ];
        const top = candidates
          .sort((a, b) => b.frequency - a.frequency || a.firstPosition - b.firstPosition)
          .slice(0, 10)
          .map((candidate) => candidate.key);
        const gold = new Set(
          record.keyphrases.map((phrase) => normalizePhrase(phrase, record.lang)),
        );
        const hits = top.filter((key) => gold.has(key)).length;
        const precision = hits / top.length;
        const recall = hits / gold.size;
        return hits === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      },
    );
    const baseline = f1s.reduce((sum: number, f1: number) => sum + f1, 0) / f1s.length;
    expect(metrics.f1).toBeGreaterThan(baseline + 0.1);
  });

  it('computes the gate baselines on the evaluation data, prints them and stays above them', () => {
    const card = readJson(join(run.folders[0], 'model_card.json'));
    expect(card.baselines.map((b: { name: string }) => b.name)).toEqual([
      'frequency ranking',
      'KP-Miner without corpus statistics',
      'n-gram TF-IDF',
    ]);
    for (const baseline of card.baselines) {
      expect(run.text).toContain(`baseline ${baseline.name}: F1@10 ${baseline.f1.toFixed(4)}`);
      if (baseline.gated) expect(card.metrics.f1).toBeGreaterThanOrEqual(baseline.f1);
    }
    expect(card.selection.method).toBe('kp-miner');
    expect(run.text).toMatch(
      /Languages: en, de, es \(detected in the training corpus: 36 en, 24 de, 24 es\)/,
    );
  });

  it("writes F1@k for k = 1..TOP_N, ending at the run's F1, and F1 per language as plots", () => {
    const folder = run.folders[0];
    const metrics = readJson(join(folder, 'metrics.json'));
    const plots = readJson(join(folder, 'plots.json'));
    expect(plots.map((plot: { name: string }) => plot.name)).toEqual(['f1-at-k', 'f1-by-language']);
    const atK = plots[0].spec.data.values as Array<{ k: number; f1: number }>;
    expect(atK.map((point) => point.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(atK.at(-1)!.f1).toBeCloseTo(metrics.f1, 12);
    expect(
      plots[1].spec.data.values.map((row: { language: string; f1: number }) => [
        row.language,
        row.f1,
      ]),
    ).toEqual(['en', 'de', 'es'].map((language) => [language, metrics[`f1_${language}`]]));
  });

  it('evaluates the registered folder on the same data with the metrics the run reported', async () => {
    const folder = run.folders[0];
    const reported = readJson(join(folder, 'metrics.json'));
    const result = await evaluate(folder, 'data/eval.jsonl', { cwd: componentRoot });
    expect(result.metrics).toEqual(reported);
    expect(result.digest).toBe(
      `sha256:${createHash('sha256')
        .update(readFileSync(data('eval.jsonl')))
        .digest('hex')}`,
    );
  });
});

describe('bad input', () => {
  it('names a training file that does not exist, exits 1 and keeps no run folder', async () => {
    const run = await train({ TRAINING_DATA_URI: '/nonexistent/corpus.jsonl' });
    expect(run.code).toBe(1);
    expect(run.text).toContain('/nonexistent/corpus.jsonl: no such file');
    expect(run.folders).toEqual([]);
  });

  it('names the line of invalid JSONL', async () => {
    const dir = tempTree({
      'corpus.jsonl': '{"id":"a","lang":"en","text":"fine"}\n{"id": "b", "lang": "en", text}\n',
    });
    const run = await train({ TRAINING_DATA_URI: join(dir, 'corpus.jsonl') });
    expect(run.code).toBe(1);
    expect(run.text).toContain(`${join(dir, 'corpus.jsonl')}:2: not valid JSON`);
    expect(run.folders).toEqual([]);
  });

  it('rejects an empty training file', async () => {
    const dir = tempTree({ 'corpus.jsonl': '' });
    const run = await train({ TRAINING_DATA_URI: join(dir, 'corpus.jsonl') });
    expect(run.code).toBe(1);
    expect(run.text).toContain(`${join(dir, 'corpus.jsonl')}: the file is empty`);
  });

  it('lists every settings problem with its source, exits 2 and creates no run folder', async () => {
    const root = tempTree({
      'config/dev.env': 'TOP_N=abc\nthis line is broken\nKEYPHRASE_NGRAM_RANGE=[3,1]\n',
    });
    const run = await train({}, root);
    expect(run.code).toBe(2);
    expect(run.text).toContain('(3 problems)');
    expect(run.text).toContain('TOP_N: "abc" is not an integer (from config/dev.env:1)');
    expect(run.text).toContain(
      'config/dev.env:2: malformed line "this line is broken": expected KEY=VALUE',
    );
    expect(run.text).toContain(
      'KEYPHRASE_NGRAM_RANGE: range [3,1] has its low end above its high end (from config/dev.env:3)',
    );
    expect(run.folders).toEqual([]);
  });

  it('fails the quality gate without keeping the run', async () => {
    const run = await train({ MIN_F1: '0.99' });
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/quality gate: F1@10 0\.\d{4} is below the floor MIN_F1=0\.99/);
    expect(run.folders).toEqual([]);
  });
});

describe('registration settings and faults', () => {
  it('refuses a bad MODEL_STORE_URI before training, with exit 2', async () => {
    const run = await train({ MODEL_STORE_URI: 'ftp://models/x' });
    expect(run.code).toBe(2);
    expect(run.text).toContain(
      'MODEL_STORE_URI "ftp://models/x" is not supported: use s3://bucket/prefix or file:///absolute/path',
    );
    expect(run.folders).toEqual([]);
  });

  it('names an unreachable S3 endpoint and the setting to fix before training (exit 2)', async () => {
    const run = await train({
      MODEL_STORE_URI: 's3://models/stage',
      S3_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'test-access-key',
      AWS_SECRET_ACCESS_KEY: 'test-secret-key',
    });
    expect(run.code).toBe(2);
    expect(run.text).toContain('Nothing was trained');
    expect(run.text).not.toContain('Learning corpus statistics');
    expect(run.text).toContain('http://127.0.0.1:9');
    expect(run.text).toContain('S3_ENDPOINT_URL');
    expect(run.text).not.toContain('test-secret-key');
    expect(run.folders).toEqual([]);
    expect(existsSync(join(run.home, 'registry.db'))).toBe(true);
  });
});

describe('data over http', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const file = { '/corpus.jsonl': data('corpus.jsonl'), '/eval.jsonl': data('eval.jsonl') }[
        request.url ?? ''
      ];
      if (file) response.end(readFileSync(file));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('trains from http(s) URLs and records them in the model card', async () => {
    const run = await train({
      TRAINING_DATA_URI: `${base}/corpus.jsonl`,
      EVAL_DATA_URI: `${base}/eval.jsonl`,
    });
    expect(run.code).toBe(0);
    expect(readJson(join(run.folders[0], 'model_card.json')).data.training.location).toBe(
      `${base}/corpus.jsonl`,
    );
  });

  it('reports the status of a missing remote file', async () => {
    const run = await train({ TRAINING_DATA_URI: `${base}/missing.jsonl` });
    expect(run.code).toBe(1);
    expect(run.text).toContain(`${base}/missing.jsonl: the server answered 404`);
  });
});

// Keep the copied-component helper honest: a component root with its own config reads its own data.
describe('a component folder elsewhere', () => {
  it('resolves relative data paths against its own folder', async () => {
    const root = tempTree({ 'config/dev.env': 'LANGUAGES=en\n' });
    mkdirSync(join(root, 'data'));
    for (const file of ['corpus.jsonl', 'eval.jsonl', 'samples.jsonl'])
      copyFileSync(data(file), join(root, 'data', file));
    const run = await train({}, root);
    expect(run.code).toBe(0);
    expect(readJson(join(run.folders[0], 'model_card.json')).languages).toEqual(['en']);
  });
});
