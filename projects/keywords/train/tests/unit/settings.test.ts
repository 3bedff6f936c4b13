import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSettings } from '@mesh/settings';
import { dataUris, SAMPLE_DATA, settingsSpec } from '../../src/settings';

const root = join(__dirname, '..', '..');
const parse = (environment: string, env: Record<string, string> = {}) =>
  parseSettings(settingsSpec, { configDir: join(root, 'config'), cwd: root, environment, env });

const environments = readdirSync(join(root, 'config'))
  .filter((file) => file.endsWith('.env'))
  .map((file) => file.slice(0, -'.env'.length));

it('has a config file for local runs, CI and production', () => {
  expect(environments.sort()).toEqual(['ci', 'dev', 'prod']);
});

describe.each(environments)('config/%s.env', (environment) => {
  it('parses without problems into the documented types', () => {
    const result = parse(environment);
    if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
    expect(result.settings.values.KEYPHRASE_NGRAM_RANGE).toEqual([1, 3]);
    expect(result.settings.values.TOP_N).toBe(10);
    // Unset: the languages of the training corpus; no absolute floor, the gate is relative.
    expect(result.settings.values.LANGUAGES).toEqual([]);
    expect(result.settings.values.MIN_F1).toBe(0);
    expect(result.settings.values.CANDIDATES).toBe('ngrams');
    expect(result.settings.values.TUNE).toBe(true);
    expect(result.settings.sources.TOP_N).toMatchObject({
      kind: 'file',
      file: `config/${environment}.env`,
    });
  });
});

describe('keywords settings from the environment', () => {
  it('reports a wrong type and a reversed range together', () => {
    const result = parse('dev', {
      TOP_N: 'abc',
      KEYPHRASE_NGRAM_RANGE: '[3,1]',
      STOP_WORDS: 'fr',
      CANDIDATES: 'chunks',
    });
    expect(result.ok).toBe(false);
    const names = result.ok ? [] : result.problems.map((problem) => problem.name).sort();
    expect(names).toEqual(['CANDIDATES', 'KEYPHRASE_NGRAM_RANGE', 'STOP_WORDS', 'TOP_N']);
  });
});

describe('dataUris', () => {
  const values = {
    TRAINING_DATA_URI: 'https://data/corpus.jsonl.gz',
    EVAL_DATA_URI: 'https://data/eval.jsonl.gz',
  };

  it('reads the configured data URIs by default', () => {
    expect(dataUris({ ...values, USE_SAMPLE_DATA: false })).toEqual({
      training: values.TRAINING_DATA_URI,
      evaluation: values.EVAL_DATA_URI,
    });
  });

  it('reads the shipped sample data when USE_SAMPLE_DATA is set, as pull-request CI does', () => {
    expect(dataUris({ ...values, USE_SAMPLE_DATA: true })).toEqual(SAMPLE_DATA);
  });
});

it('refuses MIN_F1 outside [0,1] and unknown LANGUAGES before any training, both at once', () => {
  const result = parse('dev', { MIN_F1: '1.5', LANGUAGES: 'en,xx' });
  expect(result.ok).toBe(false);
  const names = result.ok ? [] : result.problems.map((problem) => problem.name);
  expect(names).toEqual(['LANGUAGES', 'MIN_F1']);
});
