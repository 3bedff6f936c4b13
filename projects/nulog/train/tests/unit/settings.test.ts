import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSettings } from '@mesh/settings';
import { settingsSpec } from '../../src/settings';

const root = join(__dirname, '..', '..');
const environments = readdirSync(join(root, 'config'))
  .filter((file) => file.endsWith('.env'))
  .map((file) => file.slice(0, -4));

it('has a config file for local runs, CI and production', () => {
  expect(environments.sort()).toEqual(['ci', 'dev', 'prod']);
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

it('verifies Elasticsearch TLS by default and treats its password and API key as secrets', () => {
  const result = parseSettings(settingsSpec, {
    configDir: join(root, 'config'),
    cwd: root,
    environment: 'dev',
    env: { ES_PASSWORD: 'hunter2' },
  });
  if (!result.ok) throw new Error('settings did not parse');
  expect(result.settings.values.ES_TLS_VERIFY).toBe(true);
  expect(JSON.stringify(result.settings.redacted())).not.toContain('hunter2');
});

it('reads TIME_INTERVALS given as bare ns integers above 2^53 exactly, and names bad JSON', () => {
  const parse = (value: string) =>
    parseSettings(settingsSpec, {
      configDir: join(root, 'config'),
      cwd: root,
      environment: 'dev',
      env: { TIME_INTERVALS: value },
    });
  const result = parse('[{"start_ts": 1764633600123456789, "end_ts": 1764633660987654321}]');
  if (!result.ok) throw new Error('settings did not parse');
  expect(result.settings.values.TIME_INTERVALS).toEqual([
    { start_ts: '1764633600123456789', end_ts: '1764633660987654321' },
  ]);
  const bad = parse('[{"start_ts": 1,');
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(JSON.stringify(bad.problems)).toContain('TIME_INTERVALS');
});
