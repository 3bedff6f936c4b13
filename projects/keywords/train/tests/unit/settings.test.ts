import { join } from 'node:path';
import { parseSettings } from '@mesh/settings';
import { settingsSpec } from '../../src/settings';

const root = join(__dirname, '..', '..');
const parse = (environment: string, env: Record<string, string> = {}) =>
  parseSettings(settingsSpec, { configDir: join(root, 'config'), cwd: root, environment, env });

describe.each(['dev', 'prod'])('config/%s.env', (environment) => {
  it('parses without problems into the documented types', () => {
    const result = parse(environment);
    if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
    expect(result.settings.values.KEYPHRASE_NGRAM_RANGE).toEqual([1, 3]);
    expect(result.settings.values.TOP_N).toBe(10);
    expect(result.settings.values.LANGUAGES).toEqual(['en', 'de', 'es']);
    expect(result.settings.sources.TOP_N).toMatchObject({
      kind: 'file',
      file: `config/${environment}.env`,
    });
  });
});

describe('keywords settings from the environment', () => {
  it('reports a wrong type and a reversed range together', () => {
    const result = parse('dev', { TOP_N: 'abc', KEYPHRASE_NGRAM_RANGE: '[3,1]', STOP_WORDS: 'fr' });
    expect(result.ok).toBe(false);
    const names = result.ok ? [] : result.problems.map((problem) => problem.name).sort();
    expect(names).toEqual(['KEYPHRASE_NGRAM_RANGE', 'STOP_WORDS', 'TOP_N']);
  });
});
