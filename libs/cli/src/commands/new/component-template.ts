import { componentDockerfile } from './dockerfile-template';

/**
 * A component's `predict` task: @mesh/inference's `mesh-predict`, run by npm in the component's
 * folder (`projects/<project>/<component>`, the same depth in the workspace and in the image).
 */
export const PREDICT_TASK = 'node ../../../libs/inference/bin/mesh-predict.js';

/** What the generated files are made from. */
export interface TemplateInput {
  project: string;
  component: string;
}

/**
 * The files of a new component: a working pipeline (a majority-class text classifier trained
 * on shipped sample data, evaluated by accuracy), its predictor and evaluator (the `mesh.predict`
 * module `mesh predict`, `mesh evaluate` and `mesh models verify` load), its settings with its config files (dev, ci, prod), and a
 * unit suite that passes. Pure: the caller writes them.
 */
export function componentFiles({ project, component }: TemplateInput): Record<string, string> {
  const name = `${project}-${component}`;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const jsonl = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  const labelled = (rows: Array<[string, string]>) =>
    jsonl(rows.map(([text, label]) => ({ text, label })));
  return {
    'package.json': json({
      name: `@mesh/${name}`,
      version: '0.1.0',
      private: true,
      description: `The ${component} component of ${project}.`,
      nx: { name },
      main: 'dist/main.js',
      mesh: { predict: 'dist/predict.js' },
      // The predict task: JSONL on stdin -> a registered version's predictions on stdout, in the
      // component's image (make projects.run/<project> TASK=predict) or here (WITHOUT_DOCKER=true).
      scripts: { predict: PREDICT_TASK },
      files: ['dist', 'config', 'data'],
      dependencies: {
        '@mesh/data': '*',
        '@mesh/inference': '*',
        '@mesh/pipeline': '*',
        '@mesh/settings': '*',
      },
    }),
    'tsconfig.json': json({
      extends: '../../../tsconfig.base.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
      include: ['src'],
      references: [
        { path: '../../../libs/data' },
        { path: '../../../libs/inference' },
        { path: '../../../libs/pipeline' },
        { path: '../../../libs/settings' },
      ],
    }),
    'config/dev.env': `# ${name} settings for local runs; the environment overrides them.\nTRAINING_DATA_URI=data/train.jsonl\nEVAL_DATA_URI=data/eval.jsonl\nMIN_ACCURACY=0\n`,
    'config/prod.env': `# ${name} settings for CI and production (ENVIRONMENT=prod, the default when CI=true).\nTRAINING_DATA_URI=data/train.jsonl\nEVAL_DATA_URI=data/eval.jsonl\nMIN_ACCURACY=0\n`,
    'config/ci.env': `# ${name} settings for its train pipeline in CI (ENVIRONMENT=ci). Runs on main read the data URIs\n# below; pull requests set USE_SAMPLE_DATA=true and read the shipped sample data (data/) instead.\nTRAINING_DATA_URI=data/train.jsonl\nEVAL_DATA_URI=data/eval.jsonl\nMIN_ACCURACY=0\n`,
    'data/train.jsonl': labelled([
      ['the service was quick and friendly', 'positive'],
      ['great value, would buy again', 'positive'],
      ['arrived broken and late', 'negative'],
      ['works exactly as described', 'positive'],
    ]),
    'data/eval.jsonl': labelled([
      ['friendly staff and fast delivery', 'positive'],
      ['stopped working after a week', 'negative'],
    ]),
    'src/settings.ts': `import { num, str } from '@mesh/settings';

/** The settings of ${name}: environment, then config/<ENVIRONMENT>.env, then these defaults. */
export const settingsSpec = {
  TRAINING_DATA_URI: str({ desc: 'Labelled training data, JSONL with text and label', default: 'data/train.jsonl' }),
  EVAL_DATA_URI: str({ desc: 'Labelled evaluation data, JSONL with text and label', default: 'data/eval.jsonl' }),
  MIN_ACCURACY: num({ desc: 'Quality gate: the run fails if accuracy is below this', default: 0 }),
};

/** The data shipped in data/: what a run reads instead of its data URIs when USE_SAMPLE_DATA=true. */
export const SAMPLE_DATA = { training: 'data/train.jsonl', evaluation: 'data/eval.jsonl' } as const;

/** The data a run reads: the shipped sample data when USE_SAMPLE_DATA is true (pull-request CI), else the URIs. */
export function dataUris(values: { TRAINING_DATA_URI: string; EVAL_DATA_URI: string; USE_SAMPLE_DATA: boolean }): { training: string; evaluation: string } {
  return values.USE_SAMPLE_DATA ? { ...SAMPLE_DATA } : { training: values.TRAINING_DATA_URI, evaluation: values.EVAL_DATA_URI };
}
`,
    'src/majority-classifier.ts': `/** A labelled example. */
export interface Example {
  text: string;
  label: string;
}

/** Checks one JSONL record; the message names the offending field. */
export function parseExample(value: unknown): Example {
  const record = value as Partial<Example>;
  if (typeof record?.text !== 'string') throw new Error('field "text" must be a string');
  if (typeof record.label !== 'string') throw new Error('field "label" must be a string');
  return { text: record.text, label: record.label };
}

/** The baseline every model must beat: always predict the most frequent training label. */
export function trainMajorityClassifier(examples: readonly Example[]): { label: string } {
  const counts = new Map<string, number>();
  for (const { label } of examples) counts.set(label, (counts.get(label) ?? 0) + 1);
  const [label] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return { label };
}

/** Share of examples whose label the model predicts. */
export function accuracy(model: { label: string }, examples: readonly Example[]): number {
  return examples.filter((example) => example.label === model.label).length / examples.length;
}
`,
    'src/pipeline.ts': `import { writeFileSync } from 'node:fs';
import { readJsonLines } from '@mesh/data';
import type { RunContext, RunSummary } from '@mesh/pipeline';
import { accuracy, parseExample, trainMajorityClassifier } from './majority-classifier';
import { dataUris, type settingsSpec } from './settings';

/** read data -> train -> evaluate -> write the model into the run folder. */
export async function pipeline({ values, output, run, componentRoot }: RunContext<typeof settingsSpec>): Promise<RunSummary> {
  const read = (uri: string) => readJsonLines(uri, { cwd: componentRoot, validate: parseExample });
  const uris = dataUris(values);
  const training = await output.step('Reading training data', () => read(uris.training));
  const model = await output.step('Training', () => trainMajorityClassifier(training.records));
  const evaluation = await output.step('Reading evaluation data', () => read(uris.evaluation));
  const score = accuracy(model, evaluation.records);
  if (score < values.MIN_ACCURACY) throw new Error(\`accuracy \${score} is below MIN_ACCURACY=\${values.MIN_ACCURACY}\`);
  writeFileSync(run.file('model.json'), JSON.stringify(model) + '\\n');
  return {
    metrics: { accuracy: score },
    params: { strategy: 'majority-class' },
    datasets: [
      { name: 'training', uri: uris.training, digest: training.digest },
      { name: 'evaluation', uri: uris.evaluation, digest: evaluation.digest },
    ],
  };
}
`,
    'src/predict.ts': `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonLines } from '@mesh/data';
import type { EvaluateOptions, EvaluationResult, Predictor } from '@mesh/pipeline';
import { accuracy, parseExample } from './majority-classifier';

function loadModel(modelDir: string): { label: string } {
  const path = join(modelDir, 'model.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { label: string };
  } catch (error) {
    throw new Error(\`\${path}: not a readable ${name} model (\${(error as Error).message})\`, { cause: error });
  }
}

/** Loads a version from its folder and answers batches of {text} with {label}. */
export async function loadPredictor(modelDir: string): Promise<Predictor> {
  const model = loadModel(modelDir);
  return {
    async predict(inputs) {
      return inputs.map((input, index) => {
        if (typeof input?.text !== 'string') throw new Error(\`input \${index + 1} of the batch: field "text" must be a string\`);
        return { label: model.label };
      });
    },
  };
}

/** Scores the version on labelled JSONL (text, label) with the training run's accuracy code. */
export async function evaluate(modelDir: string, dataUri: string, options: EvaluateOptions): Promise<EvaluationResult> {
  const model = loadModel(modelDir);
  const data = await readJsonLines(dataUri, { cwd: options.cwd, validate: parseExample });
  return { metrics: { accuracy: accuracy(model, data.records) }, records: data.records.length, digest: data.digest };
}
`,
    'tests/unit/predict.test.ts': `import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComponentPredictorModule } from '@mesh/pipeline';
import * as predictModule from '../../src/predict';

const contract: ComponentPredictorModule = predictModule;

it('answers each input with the stored label and scores accuracy on labelled data', async () => {
  const dir = mkdtempSync(join(tmpdir(), '${name}-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ label: 'positive' }));
  const predictor = await contract.loadPredictor(dir);
  expect(await predictor.predict([{ text: 'fine' }, { text: 'bad' }])).toEqual([{ label: 'positive' }, { label: 'positive' }]);
  await expect(predictor.predict([{}])).rejects.toThrow('input 1 of the batch: field "text" must be a string');
  writeFileSync(join(dir, 'eval.jsonl'), '{"text":"a","label":"positive"}\\n{"text":"b","label":"negative"}\\n');
  const result = await contract.evaluate(dir, 'eval.jsonl', { cwd: dir });
  expect(result.metrics).toEqual({ accuracy: 0.5 });
  expect(result.records).toBe(2);
});
`,
    'src/main.ts': `import { join } from 'node:path';
import { runComponent } from '@mesh/pipeline';
import { pipeline } from './pipeline';
import { settingsSpec } from './settings';

void runComponent({ project: '${project}', component: '${component}', root: join(__dirname, '..'), settings: settingsSpec, pipeline }).then((code) => {
  process.exitCode = code;
});
`,
    'tests/unit/settings.test.ts': `import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSettings } from '@mesh/settings';
import { dataUris, SAMPLE_DATA, settingsSpec } from '../../src/settings';

const root = join(__dirname, '..', '..');
const environments = readdirSync(join(root, 'config')).filter((file) => file.endsWith('.env')).map((file) => file.slice(0, -4));

it('has a config file for local runs, CI and production', () => {
  expect(environments.sort()).toEqual(['ci', 'dev', 'prod']);
});

it('reads the shipped sample data when USE_SAMPLE_DATA is set', () => {
  const values = { TRAINING_DATA_URI: 'https://data/train.jsonl', EVAL_DATA_URI: 'https://data/eval.jsonl' };
  expect(dataUris({ ...values, USE_SAMPLE_DATA: true })).toEqual(SAMPLE_DATA);
  expect(dataUris({ ...values, USE_SAMPLE_DATA: false }).training).toBe(values.TRAINING_DATA_URI);
});

describe.each(environments)('config/%s.env', (environment) => {
  it('parses without problems', () => {
    const result = parseSettings(settingsSpec, { configDir: join(root, 'config'), cwd: root, environment, env: {} });
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});
`,
    'tests/unit/majority-classifier.test.ts': `import { accuracy, parseExample, trainMajorityClassifier } from '../../src/majority-classifier';

describe('majority classifier', () => {
  it('predicts the most frequent label and scores accuracy', () => {
    const examples = [{ text: 'a', label: 'x' }, { text: 'b', label: 'y' }, { text: 'c', label: 'x' }];
    const model = trainMajorityClassifier(examples);
    expect(model.label).toBe('x');
    expect(accuracy(model, examples)).toBeCloseTo(2 / 3);
  });

  it('names the missing field of a bad record', () => {
    expect(() => parseExample({ text: 'a' })).toThrow('field "label" must be a string');
  });
});
`,
    Dockerfile: componentDockerfile(project, component),
    'tests/integration/.gitkeep': '',
    'tests/functional/.gitkeep': '',
    'README.md': `# ${project}/${component}\n\nRun it: \`make projects.start/${project} COMPONENT=${component} WITHOUT_DOCKER=true\`.\nTest it: \`make projects.unit/${project} COMPONENT=${component}\`.\n\nSettings are in \`src/settings.ts\`; values in \`config/dev.env\`, \`config/ci.env\` (the CI train pipeline) and \`config/prod.env\`.\nIntegration and functional suites go in \`tests/integration/\` and \`tests/functional/\` (\`*.test.ts\`).\n`,
  };
}
