import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectDocker } from '@mesh/docker';
import { DockerBackend, type JobBackend } from '@mesh/jobs';
import { Output } from '@mesh/output';
import { StepFailedError } from '@mesh/pipeline';
import { openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { runStepContainers } from '../../src/trainer/step-containers';

// The steps run this checkout's compiled dist (nx builds it before the suite), mounted
// read-only in mesh/node-base: building the cbng image here would cost minutes of CI for the
// same code; the image's own entry is covered by `make projects.test/cbng` building it.
const BASE_IMAGE = 'mesh/node-base:latest';
const componentRoot = join(__dirname, '..', '..');
const run = {
  targetName: 'Docker Steps',
  instanceName: '2025-08-03 22:56:16',
  downloadTraining: join(componentRoot, 'data', 'train.xml'),
  downloadTrial: join(componentRoot, 'data', 'trial.xml'),
};
const quick = { CI: 'true', MAX_EPOCHS: '5', HIDDEN_UNITS: '8', ENSEMBLE_SIZE: '1' };

/** The real docker backend, noting each container's name as the engine reports it. */
function namingBackend(names: string[]): JobBackend {
  const docker = new DockerBackend({ connect: () => connectDocker() });
  return {
    name: 'docker',
    run: (context) =>
      docker.run({
        ...context,
        externalId: (id) => {
          void connectDocker()
            .then((engine) => engine.getContainer(id).inspect())
            .then((info) => names.push(info.Name.replace(/^\//, '')))
            .catch(() => undefined);
        },
      }),
  };
}

describe('BACKEND=docker: each step its own container', () => {
  beforeAll(async () => {
    // A real engine is required: this fails, saying how to get one, rather than skipping.
    const docker = await connectDocker();
    await docker
      .getImage(BASE_IMAGE)
      .inspect()
      .catch(() => {
        throw new Error(`${BASE_IMAGE} is missing: build it with make docker.build/node-base`);
      });
    if (!existsSync(join(componentRoot, 'dist', 'trainer', 'cli.js')))
      throw new Error('cbng is not compiled: npx tsc -b projects/cbng/train/tsconfig.json');
  });

  it('runs the steps in order in containers <target>-<step> and registers the version', async () => {
    const home = tempTree();
    const names: string[] = [];
    const records = await runStepContainers(run, {
      env: { ...quick, MESH_HOME: home },
      output: new Output({ env: { CI: 'true' } }),
      backend: namingBackend(names),
      meshHome: home,
      image: BASE_IMAGE,
      mountWorkspace: true,
    });
    expect(records.map((record) => [record.name, record.status])).toEqual(
      [
        'store-edit-sets',
        'bayes-train',
        'create-main-bayes-db',
        'create-two-bayes-db',
        'ann-train',
        'create-ann',
        'trial-report',
        'create-plots',
      ].map((step) => [step, 'succeeded']),
    );
    expect(names).toEqual(expect.arrayContaining(records.map((r) => `docker-steps-${r.name}`)));
    // The two Bayes databases ran side by side: each started before the other ended.
    const byName = new Map(records.map((record) => [record.name, record]));
    const span = (name: string) => {
      const started = Date.parse(byName.get(name)!.startedAt!);
      return [started, started + byName.get(name)!.durationMs];
    };
    const [mainStart, mainEnd] = span('create-main-bayes-db');
    const [twoStart, twoEnd] = span('create-two-bayes-db');
    expect(mainStart).toBeLessThan(twoEnd);
    expect(twoStart).toBeLessThan(mainEnd);

    const stored = join(home, 'store', 'files', run.targetName, run.instanceName);
    for (const file of ['artifacts/ann.json', 'trial/report.txt', 'logs/create-ann.log'])
      expect(existsSync(join(stored, file))).toBe(true);
    expect(readFileSync(join(stored, 'logs/containers/bayes-train.log'), 'utf8')).toContain(
      'Container docker-steps-bayes-train',
    );
    const settings = loadSettings(registrySettingsSpec, { env: {}, configDir: null });
    const registry = await openRegistry({ settings: settings.values, meshHome: home });
    try {
      const versions = await registry.listVersions({ model: 'CBNG-TRAINED' });
      expect(versions.map((version) => version.id)).toEqual(['CBNG-TRAINED-1']);
    } finally {
      await registry.close();
    }
  }, 600_000);

  it('stops at the first failing container and starts no later step', async () => {
    const home = tempTree();
    const names: string[] = [];
    const failed = await runStepContainers(
      { ...run, downloadTraining: join(componentRoot, 'data', 'missing.xml') },
      {
        env: { ...quick, MESH_HOME: home },
        output: new Output({ env: { CI: 'true' } }),
        backend: namingBackend(names),
        meshHome: home,
        image: BASE_IMAGE,
        mountWorkspace: true,
      },
    ).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StepFailedError);
    expect((failed as StepFailedError).step).toBe('store-edit-sets');
    expect(
      (failed as StepFailedError).records.filter((record) => record.status !== 'not-run'),
    ).toHaveLength(1);
    const log = readFileSync(
      join(
        home,
        'store',
        'files',
        run.targetName,
        run.instanceName,
        'logs/containers/store-edit-sets.log',
      ),
      'utf8',
    );
    expect(log).toContain('missing.xml');
  }, 300_000);
});
