import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSettings } from '@mesh/settings';
import { dataUris, SAMPLE_DATA, settingsSpec } from '../../src/settings';

const root = join(__dirname, '..', '..');
const environments = readdirSync(join(root, 'config'))
  .filter((file) => file.endsWith('.env'))
  .map((file) => file.slice(0, -4));

it('has a config file for local runs, CI and production', () => {
  expect(environments.sort()).toEqual(['ci', 'dev', 'prod']);
});

it('reads the shipped sample data when USE_SAMPLE_DATA is set', () => {
  const values = {
    TRAINING_DATA_URI: 'https://data/train.jsonl',
    EVAL_DATA_URI: 'https://data/eval.jsonl',
  };
  expect(dataUris({ ...values, USE_SAMPLE_DATA: true })).toEqual({
    training: [SAMPLE_DATA.training],
    evaluation: [SAMPLE_DATA.evaluation],
  });
  expect(dataUris({ ...values, USE_SAMPLE_DATA: false }).training).toEqual([
    values.TRAINING_DATA_URI,
  ]);
  expect(
    dataUris({ ...values, TRAINING_DATA_URI: 'a.jsonl, b.jsonl.gz', USE_SAMPLE_DATA: false })
      .training,
  ).toEqual(['a.jsonl', 'b.jsonl.gz']);
});

describe.each(environments)('config/%s.env', (environment) => {
  it('parses without problems', () => {
    const result = parseSettings(settingsSpec, {
      configDir: join(root, 'config'),
      cwd: root,
      environment,
      env: {},
    });
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});
