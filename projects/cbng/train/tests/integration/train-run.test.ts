import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { fetchVersion, verifyPredictions } from '@mesh/inference';
import { runComponent } from '@mesh/pipeline';
import { openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { pipeline } from '../../src/pipeline';
import { syntheticEdits } from '../../src/edit-set/synthetic';
import { editToXml } from '../../src/edit-set/write-edit-set';
import { evaluate, loadPredictor, parseEditXml } from '../../src/predict';
import { settingsSpec } from '../../src/settings';

const componentRoot = join(__dirname, '..', '..');
const data = (file: string) => join(componentRoot, 'data', file);
const TARGET = 'Sample edits';
const INSTANCE = '2026-01-02 03:04:05';

/** Runs cbng/train in this process against `home`; returns its exit code, output and run folders. */
async function train(home: string, env: Record<string, string> = {}) {
  const stderr = new PassThrough();
  const stdout = new PassThrough();
  const fullEnv = {
    MESH_HOME: home,
    ENVIRONMENT: 'dev',
    CI: 'true',
    INSTANCE_NAME: INSTANCE,
    MAX_EPOCHS: '40',
    HIDDEN_UNITS: '30',
    ENSEMBLE_SIZE: '2',
    ...env,
  };
  const output = new Output({ env: fullEnv, stderr, stdout });
  const code = await runComponent(
    { project: 'cbng', component: 'train', root: componentRoot, settings: settingsSpec, pipeline },
    { env: fullEnv, output },
  );
  const runs = join(home, 'runs', 'cbng-train');
  const folders = existsSync(runs)
    ? readdirSync(runs)
        .filter((name) => !name.startsWith('.'))
        .map((name) => join(runs, name))
    : [];
  return { code, text: String(stderr.read() ?? '') + String(stdout.read() ?? ''), folders };
}

describe('a training run on the shipped edit sets', () => {
  const home = tempTree();
  let run: Awaited<ReturnType<typeof train>>;
  beforeAll(async () => {
    run = await train(home);
  }, 120_000);

  it('runs every step and registers CBNG-TRAINED-1 with the trial metrics', () => {
    expect(run.code).toBe(0);
    expect(run.text).toContain('Registered CBNG-TRAINED-1');
    const folder = join(run.folders[0], TARGET, INSTANCE);
    const steps = JSON.parse(readFileSync(join(folder, 'logs/steps.json'), 'utf8'));
    expect(steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'store-edit-sets:succeeded',
      'bayes-train:succeeded',
      'create-main-bayes-db:succeeded',
      'create-two-bayes-db:succeeded',
      'ann-train:succeeded',
      'create-ann:succeeded',
      'trial-report:succeeded',
      'create-plots:succeeded',
    ]);
    for (const file of [
      'edit-sets/train.xml',
      'edit-sets/trial.xml',
      'artifacts/main_bayes.json',
      'artifacts/two_bayes.json',
      'artifacts/ann.json',
      'trial/report.txt',
      'trial/thresholdtable.txt',
      'trial/falsepositives.txt',
      'trial/falsenegatives.txt',
      'trial/details.txt',
      'trial/debug.xml',
      'trial/plots.json',
    ])
      expect(existsSync(join(folder, file))).toBe(true);
    for (const plot of ['detection-vs-false-positives', 'positives-vs-threshold']) {
      const svg = readFileSync(join(folder, `trial/${plot}.svg`), 'utf8');
      expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const png = readFileSync(join(folder, `trial/${plot}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeGreaterThan(2000);
    }
    const roc = readFileSync(join(folder, 'trial/detection-vs-false-positives.svg'), 'utf8');
    expect(roc).toContain('>False-positive rate</text>');
    expect(roc).toContain('>Detection rate</text>');
    expect(roc).toContain('>2.0%</text>');
    expect(existsSync(join(run.folders[0], 'plots.json'))).toBe(true);
    const metrics = JSON.parse(readFileSync(join(run.folders[0], 'metrics.json'), 'utf8'));
    expect(metrics.roc_auc).toBeGreaterThan(0.85);
    expect(metrics.top_score_tie_share).toBeLessThan(0.02);
  });

  it('evaluates the version to the same metrics the run reported', async () => {
    const reported = JSON.parse(readFileSync(join(run.folders[0], 'metrics.json'), 'utf8'));
    const result = await evaluate(run.folders[0], data('trial.xml'), { cwd: componentRoot });
    expect(result.metrics).toEqual(reported);
    expect(result.records).toBe(reported.edits);
    expect(result.digest).toMatch(/^sha256:/);
  });

  it('predicts from the parsed edit object and from its XML alike', async () => {
    const predictor = await loadPredictor(run.folders[0]);
    const [sample] = syntheticEdits(1, 77);
    const xml = editToXml(sample);
    const [fromXml] = await predictor.predict([{ xml }]);
    const edit = {
      EditID: '1',
      user: '10.0.0.1',
      current: { text: 'JAKE IS GAY!!!' },
      previous: { text: '' },
    };
    const [fromObject] = await predictor.predict([edit]);
    const [fromRaw] = await predictor.predict([parseEditXml(xml)]);
    expect(fromRaw.score).toBe(fromXml.score);
    for (const result of [fromXml, fromObject]) {
      expect(typeof result.score).toBe('number');
      expect(result.isVandalism).toBe((result.score as number) >= 0.85);
    }
    await expect(predictor.predict([{ xml: '<WPEdit><EditID>1</EditID>' }])).rejects.toThrow(
      'input 0: edit XML:',
    );
  });

  it('stores test edits whose predictions loadPredictor reproduces, as mesh models verify checks', async () => {
    const folder = run.folders[0];
    const readJson = (name: string) =>
      JSON.parse(readFileSync(join(folder, 'test-files', name), 'utf8'));
    const inputs = readJson('inputs.json') as Array<{ id: string; xml: string }>;
    const predictions = readJson('predictions.json') as Array<{ score: number }>;
    expect(readJson('inference_params.json')).toEqual({ threshold: 0.85 });
    expect(inputs).toHaveLength(3);
    // The first edits of the stored trial set, each a whole <WPEdit> element.
    const trial = readFileSync(join(folder, TARGET, INSTANCE, 'edit-sets/trial.xml'), 'utf8');
    for (const input of inputs) {
      expect(input.xml).toMatch(/^<WPEdit>[\s\S]*<\/WPEdit>$/);
      expect(input.xml).toContain(`<EditID>${input.id}</EditID>`);
      expect(trial).toContain(input.xml);
    }
    expect(new Set(predictions.map((p) => p.score)).size).toBeGreaterThan(1);
    const predictor = await loadPredictor(folder);
    expect(await predictor.predict(inputs)).toEqual(predictions);

    // What `mesh models verify CBNG-TRAINED-1` does: a fresh download from the store, then the
    // stored inputs re-predicted and compared with the registered predictions.
    const env = { MESH_HOME: home, ENVIRONMENT: 'dev' };
    const settings = loadSettings(registrySettingsSpec, { env, configDir: null }).values;
    const registry = await openRegistry({ settings, meshHome: home });
    try {
      const version = await registry.getVersion('CBNG-TRAINED-1');
      expect(version.testFiles.predictions).toEqual(predictions);
      expect(version.lineage.run).toEqual({ target: TARGET, instance: INSTANCE });
      for (const metric of ['roc_auc', 'detection_at_1pct_fp', 'detection_at_0_1pct_fp'])
        expect(version.metrics[metric]).toEqual(expect.any(Number));
      const fetched = await fetchVersion(registry, version.id, { meshHome: home, fresh: true });
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

describe('a step failure', () => {
  it('stops the run, and FROM_STEP resumes it reusing the stored outputs', async () => {
    const home = tempTree();
    const badTrial = join(home, 'bad-trial.xml');
    writeFileSync(badTrial, '<WPEditSet><WPEdit><EditID>9</EditID></WPEdit></WPEditSet>');
    const failed = await train(home, { TRIAL_DATA_URI: badTrial });
    expect(failed.code).toBe(1);
    expect(failed.text).toContain('step trial-report failed');
    expect(failed.text).toContain('WPEdit 9: isVandalism: missing');
    expect(failed.folders).toEqual([]);
    const stored = join(home, 'store', 'files', TARGET, INSTANCE);
    expect(readFileSync(join(stored, 'logs/trial-report.log'), 'utf8')).toContain('FAILED');
    expect(existsSync(join(stored, 'artifacts/ann.json'))).toBe(true);

    // The trial set is corrected where it is stored, then the run resumes from the failed step.
    copyFileSync(data('trial.xml'), join(stored, 'edit-sets/trial.xml'));
    const resumed = await train(home, { TRIAL_DATA_URI: badTrial, FROM_STEP: 'trial-report' });
    expect(resumed.code).toBe(0);
    const steps = JSON.parse(
      readFileSync(join(resumed.folders[0], TARGET, INSTANCE, 'logs/steps.json'), 'utf8'),
    );
    expect(steps.map((s: { status: string }) => s.status)).toEqual([
      'reused',
      'reused',
      'reused',
      'reused',
      'reused',
      'reused',
      'succeeded',
      'succeeded',
    ]);
  }, 120_000);

  it('refuses to resume a run stored in the older layout, saying what to do', async () => {
    const home = tempTree();
    // Before the file store kept them, step outputs went to <mesh home>/steps/cbng/<target>/<instance>.
    const legacy = join(home, 'steps', 'cbng', TARGET, INSTANCE);
    mkdirSync(join(legacy, 'edit-sets'), { recursive: true });
    copyFileSync(data('train.xml'), join(legacy, 'edit-sets/train.xml'));
    const resumed = await train(home, { FROM_STEP: 'trial-report' });
    expect(resumed.code).toBe(1);
    expect(resumed.text).toContain(`this run's step outputs are in ${legacy}`);
    expect(resumed.text).toContain('or start a new run without --from-step');
    expect(resumed.text).not.toMatch(/\n\s+at /); // a message, not a stack trace

    // Without the old folder: the plain missing-output message.
    const fresh = await train(tempTree(), { FROM_STEP: 'trial-report' });
    expect(fresh.code).toBe(1);
    expect(fresh.text).toContain(
      'cannot resume from trial-report: output edit-sets/train.xml of step store-edit-sets was not stored',
    );
  }, 60_000);
});
