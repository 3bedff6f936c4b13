import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { tempTree } from '@mesh/testing';
import { cbngTrainer } from '../../src/trainer/cli';
import { planStepJobs } from '../../src/trainer/step-jobs';

const componentRoot = join(__dirname, '..', '..');
const data = (file: string) => join(componentRoot, 'data', file);
const run = {
  targetName: 'Report Interface Import',
  instanceName: '2025-08-03 22:56:16',
  downloadTraining: data('train.xml'),
  downloadTrial: data('trial.xml'),
};
const STEPS = [
  'store-edit-sets',
  'bayes-train',
  'create-main-bayes-db',
  'create-two-bayes-db',
  'ann-train',
  'create-ann',
  'trial-report',
  'create-plots',
];

describe('step jobs', () => {
  it('plan one valid Kubernetes Job per step, named <target>-<step>', () => {
    const jobs = planStepJobs(run, { CI: 'true' });
    expect(jobs.map((job) => job.metadata.name)).toEqual(
      STEPS.map((step) => `report-interface-import-${step}`),
    );
    for (const [k, job] of jobs.entries()) {
      const container = (
        job as never as {
          spec: {
            template: { spec: { containers: { env: { name: string; value: string }[] }[] } };
          };
        }
      ).spec.template.spec.containers[0];
      const env = Object.fromEntries(container.env.map((e) => [e.name, e.value]));
      expect(env).toMatchObject({
        ONLY_STEP: STEPS[k],
        TARGET_NAME: run.targetName,
        INSTANCE_NAME: run.instanceName,
      });
    }
    // Without a trial set there is no trial report and no plots.
    expect(planStepJobs({ ...run, downloadTrial: undefined }, {})).toHaveLength(6);
  });

  it('print as YAML documents with --dry-run on BACKEND=kubernetes', async () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const code = await cbngTrainer(
        [
          'run-edit-set',
          `--target-name=${run.targetName}`,
          `--instance-name=${run.instanceName}`,
          `--download-training=${run.downloadTraining}`,
          '--dry-run',
        ],
        { BACKEND: 'kubernetes', CI: 'true' },
      );
      expect(code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const documents = parseAllDocuments(writes.join('')).map((doc) => doc.toJS());
    expect(documents).toHaveLength(6);
    expect(documents.every((doc) => doc.kind === 'Job' && doc.apiVersion === 'batch/v1')).toBe(
      true,
    );
  });

  it('run one after another, each from the outputs the others stored, and the last registers', async () => {
    const home = tempTree();
    const env = {
      MESH_HOME: home,
      CI: 'true',
      MAX_EPOCHS: '5',
      HIDDEN_UNITS: '8',
      ENSEMBLE_SIZE: '1',
    };
    for (const step of STEPS) {
      const code = await cbngTrainer(
        [
          'run-edit-set',
          `--target-name=${run.targetName}`,
          `--instance-name=${run.instanceName}`,
          `--download-training=${run.downloadTraining}`,
          `--download-trial=${run.downloadTrial}`,
          `--only-step=${step}`,
        ],
        env,
      );
      expect(code).toBe(0);
    }
    const stored = join(home, 'store', 'files', run.targetName, run.instanceName);
    expect(existsSync(join(stored, 'artifacts/ann.json'))).toBe(true);
    const runs = readdirSync(join(home, 'runs', 'cbng-train')).filter(
      (name) => !name.startsWith('.'),
    );
    expect(runs).toHaveLength(1);
    const folder = join(home, 'runs', 'cbng-train', runs[0], run.targetName, run.instanceName);
    expect(existsSync(join(folder, 'trial/report.txt'))).toBe(true);
    expect(readFileSync(join(folder, 'logs/bayes-train.log'), 'utf8')).toContain(
      'Read 500 training edits',
    );
  }, 120_000);
});
