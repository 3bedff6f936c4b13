import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { loadPredictor } from '../../src/predict';
import { startSampleReviewApi, type SampleReviewApi } from '../../src/trainer/sample-review-api';

// The acceptance path of a new user: the sample review API, then
//   make projects.start/cbng COMPONENT=train WITHOUT_DOCKER=true REVIEW_API_URL=<it>
//   make projects.run/cbng TASK=run-edit-sets WITHOUT_DOCKER=true PRINT_ONLY=true REVIEW_API_URL=<it>
// as the README shows. Inside the component's development image (the suite runs there too)
// there is no Makefile or mesh CLI: the runs go through the component's own entry points, which
// is what WITHOUT_DOCKER=true starts.

const workspaceRoot = join(__dirname, '..', '..', '..', '..', '..');
const componentDist = join(__dirname, '..', '..', 'dist');
const fixtures = join(__dirname, '..', 'fixtures');
const throughMake = existsSync(join(workspaceRoot, 'Makefile'));

// make, nx's build check and five small trainings on a loaded shared machine.
jest.setTimeout(600_000);

let api: SampleReviewApi;
beforeAll(async () => {
  api = await startSampleReviewApi({ port: 0 });
});
afterAll(() => api?.close());

/** The environment of a user who set only what the commands name, plus small network settings. */
function userEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...settings };
  for (const name of [
    'BACKEND',
    'PRINT_ONLY',
    'ENVIRONMENT',
    'TRAINING_DATA_URI',
    'TRIAL_DATA_URI',
    'USE_SAMPLE_DATA',
    'REGISTRY_URL',
    'MODEL_STORE_URI',
    'FILE_API_STORE_URI',
  ])
    if (!(name in settings)) delete env[name];
  return env;
}

/**
 * `make -s <target> COMPONENT=train WITHOUT_DOCKER=true`, or the entry point make would start.
 * Asynchronous: the review API answers from this process meanwhile.
 */
async function run(target: string, entry: string[], env: NodeJS.ProcessEnv) {
  const child = throughMake
    ? spawn('make', ['-s', target, 'COMPONENT=train', 'WITHOUT_DOCKER=true'], {
        cwd: workspaceRoot,
        env,
      })
    : spawn(process.execPath, entry, { cwd: workspaceRoot, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  // eslint-disable-next-line no-control-regex
  const strip = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
  return { status, stdout: strip(stdout), stderr: strip(stderr) };
}

it('registers a version per planned run of the review API', async () => {
  const home = tempTree();
  const result = await run('projects.start/cbng', [join(componentDist, 'main.js')], {
    ...userEnv({
      MESH_HOME: home,
      REVIEW_API_URL: api.url,
      RUN_CONCURRENCY: '2',
      MAX_EPOCHS: '5',
      HIDDEN_UNITS: '8',
      ENSEMBLE_SIZE: '1',
    }),
  });
  const output = result.stdout + result.stderr;
  if (result.status !== 0) throw new Error(`exit ${result.status}:\n${output}`);
  expect(output).toContain(
    'Using sampled edits as fallback trial group for Report Interface Import',
  );
  const registered = [...output.matchAll(/Registered (CBNG-TRAINED-\d+)/g)].map((m) => m[1]);
  expect(registered.sort()).toEqual([1, 2, 3, 4, 5].map((n) => `CBNG-TRAINED-${n}`));
  expect(output).toContain('5 of 5 runs succeeded');
  // Every run fetched its training dump and, borrowed or its own, a trial dump.
  const dumps = api.requests.filter((path) => path.endsWith('/dump-editset/'));
  expect(new Set(dumps)).toEqual(
    new Set([1, 2, 3, 5, 6, 7, 8].map((id) => `/api/v1/edit-groups/${id}/dump-editset/`)),
  );
  // Each run's model answers, the target with a / in its name (two folders deep) too.
  const runs = join(home, 'runs', 'cbng-train');
  const folders = readdirSync(runs).filter((name) => !name.startsWith('.'));
  expect(folders).toHaveLength(5);
  const slashed = folders.filter((folder) =>
    existsSync(join(runs, folder, 'Original Testing Training Set - Random Edits 50')),
  );
  expect(slashed).toHaveLength(1);
  const edit = /<WPEdit>[\s\S]*?<\/WPEdit>/.exec(
    readFileSync(join(__dirname, '..', '..', 'data', 'trial.xml'), 'utf8'),
  )![0];
  for (const folder of folders) {
    const [prediction] = await (await loadPredictor(join(runs, folder))).predict([{ xml: edit }]);
    expect(prediction.score).toBeGreaterThanOrEqual(0);
    expect(prediction.score).toBeLessThanOrEqual(1);
  }
});

it('prints the run-edit-set command lines with PRINT_ONLY=true, and trains nothing', async () => {
  const home = tempTree();
  const before = api.requests.length;
  const result = await run(
    'projects.run/cbng',
    [join(componentDist, 'trainer', 'cli.js'), 'run-edit-sets'],
    userEnv({
      MESH_HOME: home,
      REVIEW_API_URL: api.url,
      PRINT_ONLY: 'true',
      TASK: 'run-edit-sets',
    }),
  );
  if (result.status !== 0) throw new Error(`exit ${result.status}:\n${result.stderr}`);
  const instance = /--instance-name="\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"/g;
  const lines = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('cbng-trainer '))
    .map((line) => line.replace(instance, '--instance-name="T"'));
  const expected = readFileSync(join(fixtures, 'print-only.expected'), 'utf8')
    .replaceAll('REVIEW', api.url)
    .replace(instance, '--instance-name="T"')
    .trimEnd()
    .split('\n');
  expect(lines).toEqual(expected);
  expect(api.requests.slice(before).filter((path) => path.includes('dump-editset'))).toEqual([]);
  expect(existsSync(join(home, 'runs'))).toBe(false);
});
