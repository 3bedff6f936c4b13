import { startTrainingTrigger, type TrainingOutcome, type TrainingTrigger } from '@mesh/events';
import { componentJobSpec, openJobs, type BackendName } from '@mesh/jobs';
import type { Output } from '@mesh/output';
import { meshHome, readGitInfo } from '@mesh/pipeline';
import { openRegistry, registrySettingsSpec, trainedModelName } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { listComponents, readComponentDeclaration } from '@mesh/workspace';
import { join } from 'node:path';
import { runNxTarget } from '../../nx';

/** Options of {@link startNatsTraining}. */
export interface NatsTrainingOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  output: Output;
}

/**
 * The NATS side of `mesh serve`, on when NATS_URL is set: training requests on `TRAIN_SUBJECT`
 * (default `train`) become jobs of the named project's train component, on `TRAINING_BACKEND`
 * (default: kubernetes for a component that declares GPUs, else local), with the request's
 * intervals as the TIME_INTERVALS setting; at most MAX_ACTIVE_TRAININGS (default 1) per project.
 * The registered version is announced on `model_ready`.
 */
export async function startNatsTraining(
  options: NatsTrainingOptions,
): Promise<TrainingTrigger | undefined> {
  const { root, env, output } = options;
  if (!env.NATS_URL) return undefined;
  const home = meshHome(root, env);
  const jobs = await openJobs({ env, meshHome: home, context: 'mesh serve' });
  const registrySettings = loadSettings(registrySettingsSpec, {
    env,
    configDir: null,
    context: 'mesh serve',
  }).values;
  const trains = listComponents(root).filter((component) => component.component === 'train');
  const maxActive = Number(env.MAX_ACTIVE_TRAININGS ?? 1);
  if (!Number.isInteger(maxActive) || maxActive < 1)
    throw new Error(
      `MAX_ACTIVE_TRAININGS must be a whole number >= 1 (got "${env.MAX_ACTIVE_TRAININGS}")`,
    );

  const train = async (record: {
    project: string;
    jobId: string;
    intervals: unknown;
  }): Promise<TrainingOutcome> => {
    const component = trains.find((candidate) => candidate.project === record.project)!;
    const gpu = readComponentDeclaration(component, root).gpu > 0;
    const backend = (env.TRAINING_BACKEND || (gpu ? 'kubernetes' : 'local')) as BackendName;
    if (
      backend === 'local' &&
      (await runNxTarget(root, component.name, 'build', { baseEnv: env })) !== 0
    )
      throw new Error(`building ${component.name} failed`);
    const spec = componentJobSpec({
      root,
      component,
      backend,
      settings: { TIME_INTERVALS: JSON.stringify(record.intervals) },
      jobs: jobs.settings,
      meshHome: home,
      env,
      gitSha: (await readGitInfo(root, env)).sha ?? undefined,
      jobName: `${component.name}-${record.jobId}`,
    });
    await jobs.runner.submit(spec);
    output.info(`${record.jobId}: job ${spec.id} of ${component.name} on ${backend}`);
    const final = await jobs.runner.wait(spec.id);
    const logs = await jobs.store.logs(spec.id);
    if (final.status !== 'succeeded') {
      // The component's own last words say why (a data error, a failed gate), not just the exit code.
      const reason = logs
        .map((entry) => entry.line.trim())
        .filter((line) => /error|fail|✗/i.test(line))
        .at(-1);
      throw new Error(
        `job ${spec.id} ${final.status}: ${reason ?? final.error ?? 'no reason logged'}`,
      );
    }
    const version = logs.map((entry) => /^Version: (\S+)/.exec(entry.line)?.[1]).find(Boolean);
    if (!version) throw new Error(`job ${spec.id} succeeded but registered no version`);
    const registry = await openRegistry({ settings: registrySettings, meshHome: home });
    try {
      const registered = await registry.getVersion(version);
      const uri = (path: string) =>
        registered.artifacts.find((artifact) => artifact.path === path)?.uri;
      const first = registered.artifacts[0]?.uri ?? '';
      return {
        bucket: registrySettings.MODEL_STORE_URI || `file://${join(home, 'store')}`,
        bucket_files: { model_file: uri('model.json') ?? first, vocab_file: uri('vocab.txt') },
        model: trainedModelName(record.project),
        version,
        metrics: registered.metrics,
      };
    } finally {
      await registry.close();
    }
  };

  const trigger = await startTrainingTrigger({
    natsUrl: env.NATS_URL,
    subject: env.TRAIN_SUBJECT || undefined,
    ledgerPath: join(home, 'events', 'training-requests.json'),
    maxActiveTrainings: maxActive,
    knownProjects: trains.map((component) => component.project),
    train,
    log: (message) => output.info(`nats: ${message}`),
  });
  return {
    ...trigger,
    async close() {
      await trigger.close();
      await jobs.close();
    },
  };
}
