import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';

// The acceptance run of a new user: an English-only corpus with gold keyphrases and its test
// split, given through TRAINING_DATA_URI and EVAL_DATA_URI, with no other setting changed,
// through make, as the README shows. It registers a version in a fresh MESH_HOME. Inside the
// component's development image (the suite runs there too) there is no Makefile or mesh CLI: the
// run goes through the component's own entry point, which is what WITHOUT_DOCKER=true starts.

const workspaceRoot = join(__dirname, '..', '..', '..', '..', '..');
const componentMain = join(__dirname, '..', '..', 'dist', 'main.js');
const throughMake = existsSync(join(workspaceRoot, 'Makefile'));

// make, the settings check, training (small data: 160 abstracts) and registration take
// minutes on a loaded shared machine.
jest.setTimeout(600_000);

it('registers a supervised version from an English-only corpus with keyphrases, nothing else set', () => {
  const dir = tempTree();
  const home = tempTree();
  const paths = writeSyntheticCorpus(dir, { train: 160, test: 40, seed: 11 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MESH_HOME: home,
    TRAINING_DATA_URI: paths.train,
    EVAL_DATA_URI: paths.test,
  };
  for (const name of ['LANGUAGES', 'MIN_F1', 'ENVIRONMENT', 'CANDIDATES', 'USE_SAMPLE_DATA'])
    delete env[name];
  const result = throughMake
    ? spawnSync(
        'make',
        ['-s', 'projects.start/keywords', 'COMPONENT=train', 'WITHOUT_DOCKER=true'],
        {
          cwd: workspaceRoot,
          env,
          encoding: 'utf8',
        },
      )
    : spawnSync(process.execPath, [componentMain], { cwd: workspaceRoot, env, encoding: 'utf8' });
  // eslint-disable-next-line no-control-regex
  const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  if (result.status !== 0) throw new Error(`exit ${result.status}:\n${output}`);
  expect(output).toMatch(/Languages: en \(detected in the training corpus: 160 en\)/);
  expect(output).toMatch(/sample-de \(de\), sample-es \(es\) left out of the test files/);
  expect(output).toMatch(/Registered KEYWORDS-TRAINED-1/);

  const runs = join(home, 'runs', 'keywords-train');
  const [folder] = readdirSync(runs).filter((name) => !name.startsWith('.'));
  const card = JSON.parse(readFileSync(join(runs, folder, 'model_card.json'), 'utf8'));
  expect(card.languages).toEqual(['en']);
  expect(card.selection.method).toBe('supervised');
  expect(card.selection.validation).toEqual({ source: 'split', documents: 32 });
  const gate = card.baselines.filter((baseline: { gated: boolean }) => baseline.gated);
  for (const baseline of gate) expect(card.metrics.f1).toBeGreaterThanOrEqual(baseline.f1);
  const inputs = JSON.parse(readFileSync(join(runs, folder, 'test-files', 'inputs.json'), 'utf8'));
  expect(inputs.map((input: { lang: string }) => input.lang)).toEqual(['en']);
});
