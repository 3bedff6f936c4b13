import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DataError } from '@mesh/data';
import { Output } from '@mesh/output';
import { hostname } from 'node:os';
import { EXIT, runComponent, sweepAbandonedRunFolders, type RunContext } from '@mesh/pipeline';
import { int } from '@mesh/settings';
import { tempTree } from '@mesh/testing';

const settings = { TOP_N: int({ min: 1 })({ desc: 'How many', default: 3 }) };

function setup(dotenv = 'TOP_N=5\n') {
  const root = tempTree({ 'config/dev.env': dotenv });
  const home = join(root, '.mesh');
  const stderr = new PassThrough();
  const stdout = new PassThrough();
  const env = { MESH_HOME: home, CI: 'true', ENVIRONMENT: 'dev' };
  const output = new Output({ env, stderr, stdout });
  const runs = join(home, 'runs', 'demo-train');
  const text = () => String(stderr.read() ?? '') + String(stdout.read() ?? '');
  return { root, env, output, runs, text };
}

describe('runComponent', () => {
  it('commits the run folder with metrics.json when the pipeline succeeds', async () => {
    const { root, env, output, runs, text } = setup();
    const pipeline = async ({ run, values }: RunContext<typeof settings>) => {
      writeFileSync(run.file('model.json'), JSON.stringify({ topN: values.TOP_N }));
      return { metrics: { f1: 0.5 } };
    };
    const code = await runComponent(
      { project: 'demo', component: 'train', root, settings, pipeline },
      { env, output },
    );
    expect(code).toBe(EXIT.ok);
    const [folder] = readdirSync(runs);
    expect(folder).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.parse(readFileSync(join(runs, folder, 'metrics.json'), 'utf8'))).toEqual({
      f1: 0.5,
    });
    expect(JSON.parse(readFileSync(join(runs, folder, 'model.json'), 'utf8'))).toEqual({ topN: 5 });
    expect(text()).toContain('Registered DEMO-TRAINED-1: f1=0.5000');
  });

  it('exits 2 on invalid settings and creates no run folder', async () => {
    const { root, env, output, runs, text } = setup('TOP_N=abc\n');
    const pipeline = jest.fn();
    const code = await runComponent(
      { project: 'demo', component: 'train', root, settings, pipeline },
      { env, output },
    );
    expect(code).toBe(EXIT.invalidSettings);
    expect(pipeline).not.toHaveBeenCalled();
    expect(existsSync(runs)).toBe(false);
    expect(text()).toContain('TOP_N: "abc" is not an integer (from config/dev.env:1)');
  });

  it('removes the partial run folder and exits 1 when the pipeline fails', async () => {
    const { root, env, output, runs, text } = setup();
    const pipeline = async ({ run }: RunContext<typeof settings>) => {
      writeFileSync(run.file('half.bin'), 'x');
      throw new DataError('not valid JSON', 'data/corpus.jsonl', 7);
    };
    const code = await runComponent(
      { project: 'demo', component: 'train', root, settings, pipeline },
      { env, output },
    );
    expect(code).toBe(EXIT.failed);
    expect(readdirSync(runs)).toEqual([]);
    expect(text()).toContain('demo-train failed: data/corpus.jsonl:7: not valid JSON');
  });

  it('writes the registered version and its metrics to the GitHub job summary', async () => {
    const { root, env, output } = setup();
    const summary = join(root, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const pipeline = async ({ run, values }: RunContext<typeof settings>) => {
      writeFileSync(run.file('model.json'), '{}');
      return { metrics: { f1: values.USE_SAMPLE_DATA ? 0.25 : 0.5, recall: 0.75 } };
    };
    const code = await runComponent(
      { project: 'demo', component: 'train', root, settings, pipeline },
      { env: { ...env, GITHUB_STEP_SUMMARY: summary, USE_SAMPLE_DATA: 'true' }, output },
    );
    expect(code).toBe(EXIT.ok);
    expect(readFileSync(summary, 'utf8')).toBe(
      [
        '# earlier step',
        '### demo-train: registered `DEMO-TRAINED-1`',
        '',
        'Environment `dev`, sample data only (USE_SAMPLE_DATA=true).',
        '',
        '| metric | value |',
        '| --- | ---: |',
        '| f1 | 0.2500 |',
        '| recall | 0.7500 |',
        '',
      ].join('\n'),
    );
  });

  it('writes a failed run to the job summary, and nothing when not on GitHub Actions', async () => {
    const { root, env, output } = setup();
    const summary = join(root, 'step-summary.md');
    const pipeline = async () => {
      throw new Error('F1 is below the floor');
    };
    const definition = { project: 'demo', component: 'train', root, settings, pipeline };
    expect(await runComponent(definition, { env, output })).toBe(EXIT.failed);
    expect(existsSync(summary)).toBe(false);
    const code = await runComponent(definition, {
      env: { ...env, GITHUB_STEP_SUMMARY: summary },
      output,
    });
    expect(code).toBe(EXIT.failed);
    expect(readFileSync(summary, 'utf8')).toBe(
      '### demo-train failed\n\nF1 is below the floor\n\nNothing was registered.\n',
    );
  });
});

describe('runComponent with a malformed REGISTRY_URL', () => {
  it('exits 2 before training, writes nothing and never prints the password', async () => {
    const { root, env, output, text } = setup();
    const pipeline = jest.fn();
    const code = await runComponent(
      { project: 'demo', component: 'train', root, settings, pipeline },
      { env: { ...env, REGISTRY_URL: 'postgres//mesh:secr@tpw@127.0.0.1/db' }, output },
    );
    expect(code).toBe(EXIT.invalidSettings);
    expect(pipeline).not.toHaveBeenCalled();
    expect(readdirSync(root).sort()).toEqual(['config']);
    const printed = text();
    expect(printed).toContain('REGISTRY_URL');
    expect(printed).not.toMatch(/secr|tpw/);
  });
});

describe('runComponent preflight', () => {
  it('reports an unreachable registry and store and a missing data file at once, exit 2, before training', async () => {
    const { root, env, output, runs, text } = setup();
    const pipeline = jest.fn();
    const started = Date.now();
    const code = await runComponent(
      {
        project: 'demo',
        component: 'train',
        root,
        settings,
        pipeline,
        dataUris: () => ({ EVAL_DATA_URI: 'data/missing.jsonl' }),
      },
      {
        env: {
          ...env,
          REGISTRY_URL: 'postgres://mesh:secretpw@127.0.0.1:1/mesh',
          MODEL_STORE_URI: 's3://mesh-models/stage',
          S3_ENDPOINT_URL: 'http://127.0.0.1:1',
          AWS_ACCESS_KEY_ID: 'x',
          AWS_SECRET_ACCESS_KEY: 'y',
          AWS_REGION: 'us-east-1',
        },
        output,
      },
    );
    expect(code).toBe(EXIT.invalidSettings);
    expect(pipeline).not.toHaveBeenCalled();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(existsSync(runs)).toBe(false);
    const printed = text();
    expect(printed).toContain('(3 problems)');
    expect(printed).toMatch(/REGISTRY_URL: Cannot reach the registry database/);
    expect(printed).toMatch(/MODEL_STORE_URI: /);
    expect(printed).toMatch(/EVAL_DATA_URI: .*missing\.jsonl/);
    expect(printed).not.toContain('secretpw');
  }, 30_000);

  it('warns about an environment variable that looks like one of its settings', async () => {
    const { root, env, output, text } = setup();
    const pipeline = async ({ run }: RunContext<typeof settings>) => {
      writeFileSync(run.file('model.json'), '{}');
      return { metrics: { f1: 0.5 } };
    };
    const code = await runComponent(
      { project: 'demo', component: 'train', root, settings, pipeline },
      { env: { ...env, TOP_NN: '7' }, output },
    );
    expect(code).toBe(EXIT.ok);
    expect(text()).toContain(
      'TOP_NN is set in the environment but is not a setting of demo-train: did you mean TOP_N?',
    );
  });
});

describe('interrupts and leftovers', () => {
  it('rolls a registration back when interrupted during it: exit 130, nothing registered, no debris', async () => {
    const { root, env, output, runs, text } = setup();
    const pipeline = async ({ run }: RunContext<typeof settings>) => {
      for (let n = 0; n < 20; n++) writeFileSync(run.file(`part-${n}.bin`), `bytes ${n}`);
      // Ctrl-C arrives just as registration starts.
      setImmediate(() => process.emit('SIGINT', 'SIGINT'));
      return { metrics: { f1: 0.5 } };
    };
    const code = await runComponent(
      { project: 'demo', component: 'train', root, settings, pipeline },
      { env, output },
    );
    expect(code).toBe(EXIT.interrupted);
    expect(text()).toContain('nothing was registered');
    expect(readdirSync(runs)).toEqual([]);
    const listed = await runComponentRegistryVersions(env.MESH_HOME);
    expect(listed).toEqual([]);
  });

  it('removes the staging folders of killed runs, never one a live process holds', () => {
    const runsRoot = tempTree({
      'demo-train/.dead.partial/model.bin': 'x',
      'demo-train/.dead.partial.lock': JSON.stringify({ pid: 2 ** 22 + 1, host: hostname() }),
      'demo-train/.live.partial/model.bin': 'x',
      'demo-train/.live.partial.lock': JSON.stringify({ pid: process.pid, host: hostname() }),
      'demo-train/2026-01-01T00-00-00-000Z/model.bin': 'kept',
    });
    expect(sweepAbandonedRunFolders(runsRoot, { minAgeMs: 3_600_000 })).toEqual([
      join(runsRoot, 'demo-train', '.dead.partial'),
    ]);
    expect(readdirSync(join(runsRoot, 'demo-train')).sort()).toEqual([
      '.live.partial',
      '.live.partial.lock',
      '2026-01-01T00-00-00-000Z',
    ]);
  });
});

async function runComponentRegistryVersions(meshHome: string) {
  const { openRegistry, registrySettingsSpec } = await import('@mesh/registry');
  const { loadSettings } = await import('@mesh/settings');
  const settings = loadSettings(registrySettingsSpec, { configDir: null, env: {} }).values;
  const registry = await openRegistry({ settings, meshHome });
  try {
    return await registry.listVersions();
  } finally {
    await registry.close();
  }
}
