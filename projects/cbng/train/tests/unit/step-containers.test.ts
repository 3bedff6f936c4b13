import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Output } from '@mesh/output';
import type { JobBackend, JobContext } from '@mesh/jobs';
import { StepFailedError } from '@mesh/pipeline';
import { REDACTED } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { planStepContainers, runStepContainers } from '../../src/trainer/step-containers';

const componentRoot = join(__dirname, '..', '..');
const root = join(componentRoot, '..', '..', '..');
const run = {
  targetName: 'Report Interface Import',
  instanceName: '2025-08-03 22:56:16',
  downloadTraining:
    'https://reviewer:hunter2-secret@review.example/api/v1/edit-groups/3/dump-editset/',
  downloadTrial: 'data/trial.xml',
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
const quiet = () => new Output({ env: { CI: 'true' }, stdout: sink(), stderr: sink() });
function sink() {
  return { write: () => true } as never as NodeJS.WritableStream;
}

describe('planStepContainers', () => {
  const home = tempTree();
  const env = {
    CI: 'true',
    ENSEMBLE_SIZE: '3',
    AWS_SECRET_ACCESS_KEY: 'aws-secret-value-1234',
    S3_ENDPOINT_URL: 'http://127.0.0.1:9000',
  };

  it('plans one container per step, named <target>-<step>, in the cbng image', () => {
    const plan = planStepContainers(run, env, { meshHome: home });
    expect(plan.map((container) => container.spec.name)).toEqual(
      STEPS.map((step) => `report-interface-import-${step}`),
    );
    expect(plan.map((container) => container.spec.backend)).toEqual(STEPS.map(() => 'docker'));
    expect(new Set(plan.map((container) => container.spec.image))).toEqual(
      new Set(['cbng-train:dev']),
    );
    // The Bayes databases both wait for bayes-train only: they run side by side.
    expect(Object.fromEntries(plan.map((c) => [c.step, c.needs]))).toMatchObject({
      'store-edit-sets': [],
      'create-main-bayes-db': ['bayes-train'],
      'create-two-bayes-db': ['bayes-train'],
      'ann-train': expect.arrayContaining(['create-main-bayes-db', 'create-two-bayes-db']),
    });
    const last = plan[plan.length - 1].spec;
    expect(last.args).toEqual([
      'node',
      'projects/cbng/train/dist/trainer/cli.js',
      'run-edit-set',
      `--target-name=${run.targetName}`,
      `--instance-name=${run.instanceName}`,
      '--download-training=$(MESH_SECRET_ARG_0)',
      `--download-trial=${run.downloadTrial}`,
      '--only-step=create-plots',
    ]);
    expect(last.secrets.MESH_SECRET_ARG_0).toBe(run.downloadTraining);
    expect(last.env).toMatchObject({
      ONLY_STEP: 'create-plots',
      TARGET_NAME: run.targetName,
      INSTANCE_NAME: run.instanceName,
      ENSEMBLE_SIZE: '3',
      S3_ENDPOINT_URL: 'http://127.0.0.1:9000',
      MESH_HOME: '/var/lib/mesh',
    });
    expect(last.docker?.binds).toEqual([`${home}:/var/lib/mesh`]);
  });

  it('keeps secrets out of the plain environment, the arguments and the stored request', () => {
    for (const { spec } of planStepContainers(run, env, { meshHome: home })) {
      const visible = JSON.stringify({
        env: spec.env,
        args: spec.args,
        request: spec.request,
        name: spec.name,
      });
      expect(visible).not.toContain('hunter2-secret');
      expect(visible).not.toContain('aws-secret-value-1234');
      expect(spec.secrets.AWS_SECRET_ACCESS_KEY).toBe('aws-secret-value-1234');
      expect(spec.secrets.TRAINING_DATA_URI).toBe(run.downloadTraining);
    }
  });

  it('runs the checkout’s dist mounted read-only in a base image when asked', () => {
    const [first] = planStepContainers(run, env, {
      meshHome: home,
      mountWorkspace: true,
      image: 'mesh/node-base:latest',
    });
    expect(first.spec.image).toBe('mesh/node-base:latest');
    expect(first.spec.args.slice(0, 2)).toEqual([
      'node',
      join(componentRoot, 'dist', 'trainer', 'cli.js'),
    ]);
    expect(first.spec.docker?.binds).toEqual(
      expect.arrayContaining([`${home}:/var/lib/mesh`, `${root}:${root}:ro`]),
    );
  });

  it('has no trial steps without a trial set', () => {
    const plan = planStepContainers({ ...run, downloadTrial: undefined }, env, { meshHome: home });
    expect(plan.map((container) => container.step)).toEqual(STEPS.slice(0, 6));
  });
});

describe('runStepContainers', () => {
  /** A backend that records each start and end and fails the steps it is told to. */
  function recordingBackend(failing: string[] = []) {
    const events: string[] = [];
    const backend: JobBackend = {
      name: 'docker',
      async run(context: JobContext) {
        const name = context.spec.name.replace('report-interface-import-', '');
        events.push(`start ${name}`);
        context.log('stdout', `working with ${context.spec.secrets.AWS_SECRET_ACCESS_KEY}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        return failing.includes(name)
          ? { status: 'failed', exitCode: 3, error: 'exited with code 3' }
          : { status: 'succeeded', exitCode: 0 };
      },
    };
    return { backend, events };
  }
  const env = { CI: 'true', AWS_SECRET_ACCESS_KEY: 'aws-secret-value-1234' };

  it('starts each step once those it needs have succeeded, independent ones together', async () => {
    const home = tempTree();
    const { backend, events } = recordingBackend();
    const records = await runStepContainers(run, {
      env,
      output: quiet(),
      backend,
      meshHome: home,
    });
    expect(records.map((record) => record.status)).toEqual(STEPS.map(() => 'succeeded'));
    expect(events.slice(0, 6)).toEqual([
      'start store-edit-sets',
      'end store-edit-sets',
      'start bayes-train',
      'end bayes-train',
      'start create-main-bayes-db',
      'start create-two-bayes-db',
    ]);
    expect(events.at(-1)).toBe('end create-plots');
  });

  it('stops at the first failure and keeps each container’s output, secrets masked', async () => {
    const home = tempTree();
    const { backend, events } = recordingBackend(['bayes-train']);
    const failed = await runStepContainers(run, {
      env: { ...env, MESH_HOME: home },
      output: quiet(),
      backend,
      meshHome: home,
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StepFailedError);
    expect((failed as StepFailedError).step).toBe('bayes-train');
    expect((failed as Error).message).toContain('report-interface-import-bayes-train');
    expect(events).toEqual([
      'start store-edit-sets',
      'end store-edit-sets',
      'start bayes-train',
      'end bayes-train',
    ]);
    const log = readFileSync(
      join(
        home,
        'store',
        'files',
        run.targetName,
        run.instanceName,
        'logs/containers/bayes-train.log',
      ),
      'utf8',
    );
    expect(log).toContain(`working with ${REDACTED}`);
    expect(log).not.toContain('aws-secret-value-1234');
  });
});
