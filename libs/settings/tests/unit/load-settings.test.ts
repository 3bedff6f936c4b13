import { tempTree } from '@mesh/testing';
import { join } from 'node:path';
import {
  int,
  intRange,
  loadSettings,
  parseSettings,
  secret,
  SettingsError,
  str,
  type SettingsProblem,
} from '@mesh/settings';

const spec = {
  TOP_N: int({ min: 1 })({ desc: 'How many keyphrases to return', default: 10, example: '10' }),
  NGRAM_RANGE: intRange({ min: 1, max: 5 })({ desc: 'Phrase lengths', default: [1, 3] as const }),
  DATA_URI: str({ desc: 'Where the data is', default: 'data/corpus.jsonl' }),
  API_TOKEN: secret(str({ desc: 'Registry token', default: '' })),
};

function component(files: Record<string, string>) {
  const cwd = tempTree(files);
  return { cwd, configDir: join(cwd, 'config') };
}

function problems(result: ReturnType<typeof parseSettings>): SettingsProblem[] {
  if (result.ok) throw new Error('expected problems, got settings');
  return result.problems;
}

describe('parseSettings', () => {
  it('takes the environment first, then the config file, then defaults, with sources', () => {
    const dir = component({ 'config/dev.env': '# comment\nTOP_N=5\nDATA_URI=from-file.jsonl\n' });
    const result = parseSettings(spec, { ...dir, env: { DATA_URI: 'from-env.jsonl' } });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { values, sources } = result.settings;
    expect(values.TOP_N).toBe(5);
    expect(values.DATA_URI).toBe('from-env.jsonl');
    expect(values.NGRAM_RANGE).toEqual([1, 3]);
    expect(sources.TOP_N).toEqual({ kind: 'file', file: 'config/dev.env', line: 2 });
    expect(sources.DATA_URI).toEqual({ kind: 'environment' });
    expect(sources.NGRAM_RANGE).toEqual({ kind: 'default' });
  });

  it('does not write into process.env', () => {
    const dir = component({ 'config/dev.env': 'TOP_N=7\n' });
    parseSettings(spec, { ...dir, env: {} });
    expect(process.env.TOP_N).toBeUndefined();
  });

  it('reads config/prod.env when ENVIRONMENT says so, and by default in CI', () => {
    const dir = component({ 'config/dev.env': 'TOP_N=1\n', 'config/prod.env': 'TOP_N=20\n' });
    const explicit = parseSettings(spec, { ...dir, env: { ENVIRONMENT: 'prod' } });
    const inCi = parseSettings(spec, { ...dir, env: { CI: 'true' } });
    expect(explicit.ok && explicit.settings.values.TOP_N).toBe(20);
    expect(inCi.ok && inCi.settings.environment).toBe('prod');
  });

  it('reports every problem at once, each with its source', () => {
    const dir = component({
      'config/dev.env': 'TOP_N=abc\nthis is not an assignment\nNGRAM_RANGE=[3,1]\nTOP_M=3\n',
    });
    const found = problems(parseSettings(spec, { ...dir, env: {} }));
    const lines = found.map((problem) => [problem.name, problem.source]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['TOP_N', { kind: 'file', file: 'config/dev.env', line: 1 }],
        [undefined, { kind: 'file', file: 'config/dev.env', line: 2 }],
        ['NGRAM_RANGE', { kind: 'file', file: 'config/dev.env', line: 3 }],
        ['TOP_M', { kind: 'file', file: 'config/dev.env', line: 4 }],
      ]),
    );
    expect(found).toHaveLength(4);
    expect(found.find((problem) => problem.name === 'TOP_M')?.expected).toBe('did you mean TOP_N?');
    expect(found.find((problem) => problem.name === 'NGRAM_RANGE')?.message).toMatch(
      /low end above/,
    );
  });

  it('names the known environments when the config file is missing', () => {
    const dir = component({ 'config/dev.env': '', 'config/prod.env': '' });
    const [problem] = problems(parseSettings(spec, { ...dir, environment: 'stage', env: {} }));
    expect(problem.message).toBe('config/stage.env does not exist');
    expect(problem.expected).toBe('one of dev, prod');
  });

  it('reports a value opened with a quote and never closed', () => {
    const dir = component({ 'config/dev.env': 'DATA_URI="abc\nTOP_N=3\n' });
    expect(problems(parseSettings(spec, { ...dir, env: {} }))[0].message).toMatch(/never closed/);
  });

  it('reports a variable set twice', () => {
    const dir = component({ 'config/dev.env': 'TOP_N=3\nTOP_N=4\n' });
    expect(problems(parseSettings(spec, { ...dir, env: {} }))[0]).toMatchObject({
      name: 'TOP_N',
      source: { line: 2 },
    });
  });

  it('reports a required value that is missing', () => {
    const required = { NEEDED: str({ desc: 'Something required' }) };
    const dir = component({ 'config/dev.env': '' });
    expect(problems(parseSettings(required, { ...dir, env: {} }))[0]).toMatchObject({
      name: 'NEEDED',
      message: 'is required: set it in the environment or in config/dev.env',
      expected: 'Something required',
    });
  });
});

describe('secrets', () => {
  it('are redacted in describe() and redacted(), by mark and by name', () => {
    const withNamed = { ...spec, AWS_SECRET_ACCESS_KEY: str({ desc: 'AWS key', default: '' }) };
    const dir = component({ 'config/dev.env': 'API_TOKEN=hunter2\n' });
    const settings = loadSettings(withNamed, {
      ...dir,
      env: { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI', DATA_URI: 'postgres://u:pw@db/x' },
    });
    const printed = JSON.stringify([settings.describe(), settings.redacted()]);
    expect(settings.values.API_TOKEN).toBe('hunter2');
    expect(printed).not.toContain('hunter2');
    expect(printed).not.toContain('wJalrXUtnFEMI');
    expect(printed).not.toContain(':pw@');
    expect(settings.redacted().API_TOKEN).toBe('[redacted]');
  });
});

describe('loadSettings', () => {
  it('throws one SettingsError whose message lists every problem with exit code 2', () => {
    const dir = component({ 'config/dev.env': 'TOP_N=abc\nNGRAM_RANGE=[3,1]\n' });
    let error: unknown;
    try {
      loadSettings(spec, { ...dir, env: {}, context: 'demo-train' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const message = (error as SettingsError).message;
    expect(message).toContain('Invalid settings for demo-train (environment: dev) (2 problems)');
    expect(message).toContain('TOP_N: "abc" is not an integer (from config/dev.env:1).');
    expect(message).toContain('NGRAM_RANGE: range [3,1] has its low end above its high end');
    expect((error as SettingsError).exitCode).toBe(2);
  });
});

describe('the workspace-wide config file', () => {
  const spec = {
    MODEL_STORE_URI: str({ desc: 'store', default: '' }),
    REGISTRY_URL: str({ desc: 'registry', default: '' }),
    AWS_REGION: str({ desc: 'region', default: 'us-east-1' }),
    TOP_N: str({ desc: 'top n', default: '10' }),
  };

  it('sits below the environment and the component file, above the defaults, naming each source', () => {
    const root = tempTree({
      'config/dev.env':
        '# shared\nMODEL_STORE_URI=s3://shared/models\nREGISTRY_URL=sqlite:///shared.db\nIMAGE_REGISTRY=ghcr.io/x\n',
      'projects/p/train/config/dev.env': 'TOP_N=5\nREGISTRY_URL=sqlite:///own.db\n',
    });
    const cwd = join(root, 'projects/p/train');
    const settings = loadSettings(spec, {
      cwd,
      configDir: join(cwd, 'config'),
      workspaceConfigDir: join(root, 'config'),
      environment: 'dev',
      env: { TOP_N: '7' },
    });
    expect(settings.values).toEqual({
      MODEL_STORE_URI: 's3://shared/models',
      REGISTRY_URL: 'sqlite:///own.db',
      AWS_REGION: 'us-east-1',
      TOP_N: '7',
    });
    expect(Object.fromEntries(settings.describe().map((row) => [row.name, row.source]))).toEqual({
      MODEL_STORE_URI: `${join(root, 'config/dev.env')}:2`,
      REGISTRY_URL: 'config/dev.env:2',
      AWS_REGION: 'default',
      TOP_N: 'environment',
    });
  });

  it('reports a malformed line of the workspace file with its file and line', () => {
    const root = tempTree({
      'config/dev.env': 'OK=1\nnot an assignment\n',
      'c/config/dev.env': '',
    });
    const result = parseSettings(spec, {
      cwd: root,
      configDir: join(root, 'c/config'),
      workspaceConfigDir: join(root, 'config'),
      environment: 'dev',
      env: {},
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatchObject({
      source: { kind: 'file', file: 'config/dev.env', line: 2 },
    });
  });
});
