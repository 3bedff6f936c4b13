import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runSteps, sha256File, type RunContext, type RunSummary } from '@mesh/pipeline';
import { isSecretName } from '@mesh/settings';
import { explainMissingOutputs } from './legacy-step-outputs';
import { dataUris, instanceName, type CbngSettingsSpec } from './settings';
import { cbngSteps, LAYOUT, readTrialMetrics, stepOutputStore } from './steps';
import { sampleEdits, writeTestFiles } from './test-files';

/** The quality gate failed: the model is worse than a baseline the run computed. */
export class QualityGateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/**
 * cbng/train: runs the trainer's steps for one target and instance in
 * `<run folder>/<target>/<instance>/`, storing each step's outputs under
 * `<target>/<instance>/` of the file store as it finishes (so FROM_STEP can resume a failed
 * run), then reports the trial metrics, gated against the Bayes-only baseline.
 */
export async function pipeline(context: RunContext<CbngSettingsSpec>): Promise<RunSummary> {
  const { values, output, run, componentRoot } = context;
  const uris = dataUris(values);
  const target = values.TARGET_NAME;
  const instance = values.INSTANCE_NAME || instanceName(context.startedAt);
  const folder = run.file(target, instance);
  mkdirSync(folder, { recursive: true });
  // The run folder is <mesh home>/runs/<component>/<id>: its mesh home keeps the step outputs.
  const home = resolve(run.path, '..', '..', '..');
  const store = stepOutputStore(values, home, target, instance);
  output.info(`Target ${target}, instance ${instance}`);
  const records = await runSteps(
    cbngSteps({ values, training: uris.training, trial: uris.trial, componentRoot }),
    {
      folder,
      output,
      store,
      fromStep: values.FROM_STEP || undefined,
      onlyStep: values.ONLY_STEP || undefined,
      secrets: secretValues(context),
    },
  ).catch((error: unknown) => {
    throw explainMissingOutputs(error, home, target, instance);
  });
  const metrics: Record<string, number> = {};
  let baselines: Record<string, number> = {};
  if (uris.trial) {
    const trial = readTrialMetrics(folder);
    baselines = trial.baselines;
    Object.assign(metrics, trial.metrics);
    const best = Math.max(...Object.values(baselines));
    if (trial.metrics.roc_auc < best - values.MAX_AUC_DROP)
      throw new QualityGateError(
        `trial ROC-AUC ${trial.metrics.roc_auc.toFixed(4)} is more than MAX_AUC_DROP=${values.MAX_AUC_DROP} below the Bayes-only baseline ${best.toFixed(4)}; nothing was kept`,
      );
  }
  const training = JSON.parse(readFileSync(join(folder, LAYOUT.annTraining), 'utf8')) as {
    epochs: number;
    bestEpoch: number;
  };
  // The report library renders plots.json from the run folder's root.
  if (uris.trial) cpSync(join(folder, LAYOUT.plots), run.file('plots.json'));
  const sampleSet = join(folder, uris.trial ? LAYOUT.trialSet : LAYOUT.trainSet);
  const testFiles = await output.step('Predicting the test edits with the stored model', () =>
    writeTestFiles(run.path, sampleEdits(sampleSet)),
  );
  return {
    metrics,
    params: {
      target,
      instance,
      hidden_units: values.HIDDEN_UNITS,
      epochs: training.epochs,
      best_epoch: training.bestEpoch,
      learning_rate: values.LEARNING_RATE,
      l2: values.L2,
      ensemble_size: values.ENSEMBLE_SIZE,
      weight_average_epochs: values.WEIGHT_AVERAGE_EPOCHS,
      seed: values.SEED,
      bayes_folds: values.BAYES_FOLDS,
      steps: records.map((record) => `${record.name}:${record.status}:${record.durationMs}ms`),
      baselines,
    },
    testFiles: {
      inputs: testFiles.files.inputs,
      inference_params: testFiles.files.inferenceParams,
      predictions: testFiles.files.predictions,
    },
    run: { target, instance },
    datasets: [
      {
        name: 'training',
        uri: uris.training,
        digest: await sha256File(join(folder, LAYOUT.trainSet)),
      },
      ...(uris.trial
        ? [
            {
              name: 'trial',
              uri: uris.trial,
              digest: await sha256File(join(folder, LAYOUT.trialSet)),
            },
          ]
        : []),
    ],
  };
}

/** Every secret value in the settings and the environment, masked in the step logs. */
function secretValues(context: RunContext<CbngSettingsSpec>): string[] {
  const values = Object.entries(context.values as Record<string, unknown>)
    .filter(([name]) => context.settings.secrets.has(name) || isSecretName(name))
    .map(([, value]) => String(value ?? ''));
  const env = Object.entries(process.env)
    .filter(([name]) => isSecretName(name))
    .map(([, value]) => value ?? '');
  return [...values, ...env].filter((value) => value.length >= 4);
}
