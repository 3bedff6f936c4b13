import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline as pump } from 'node:stream/promises';
import { contentOf, openUri } from '@mesh/data';
import { createArtifactWriteStream } from '@mesh/model-store';
import { ModelStoreStepOutputStore, type StepContext, type StepDefinition } from '@mesh/pipeline';
import { openFileStore, type FileApiSettings, type RegistrySettings } from '@mesh/registry';
import { trainNetwork, type TrainResult } from '@mesh/nn';
import { renderPng, renderSvg } from '@mesh/report';
import { readEditSet } from './edit-set/read-edit-set';
import { annFile, ARTIFACTS, CbngModel } from './model/cbng-model';
import { extractFeatures, type EditFeatures } from './model/edit-features';
import { buildBayesDatabase, crossFittedInputs } from './model/train-model';
import { rocAuc } from './trial/metrics';
import { TRIAL_PLOT_NAMES, trialPlots } from './trial/plots';
import {
  capTree,
  writeTrialReport,
  type TrialMetrics,
  type TrialRecord,
} from './trial/trial-report';
import type { Settings } from '@mesh/settings';
import type { CbngSettingsSpec } from './settings';

/** Files of one run, relative to its folder (`<target>/<instance>/` in the store). */
export const LAYOUT = {
  trainSet: 'edit-sets/train.xml',
  trialSet: 'edit-sets/trial.xml',
  features: 'artifacts/train-features.jsonl',
  annInputs: 'artifacts/ann-inputs.jsonl',
  annTraining: 'artifacts/ann-training.json',
  trialScores: 'trial/scores.jsonl',
  trialMetrics: 'trial/metrics.json',
  trialPlots: 'trial/plots.json',
  /** Each trial plot drawn, as `trial/<plot>.svg` and `trial/<plot>.png`. */
  trialPlotFiles: TRIAL_PLOT_NAMES.flatMap((name) => [`trial/${name}.svg`, `trial/${name}.png`]),
  plots: 'plots.json',
} as const;

type Values = Settings<CbngSettingsSpec>['values'];

/**
 * Where a run's step outputs are kept as they are made: `<target>/<instance>/` in the file API's
 * store (`FILE_API_STORE_URI`, default `files/` of the model store), so step jobs share them and
 * the file API shows them.
 */
export function stepOutputStore(
  settings: RegistrySettings & Pick<FileApiSettings, 'FILE_API_STORE_URI'>,
  home: string,
  target: string,
  instance: string,
): ModelStoreStepOutputStore {
  const store = openFileStore({ settings, registry: settings, meshHome: home });
  return new ModelStoreStepOutputStore(store, `${target}/${instance}`);
}

/** Inputs of cbng's steps. */
export interface CbngStepsOptions {
  values: Values;
  /** Training edit set URI. */
  training: string;
  /** Trial edit set URI; empty for none. */
  trial: string;
  componentRoot: string;
}

/**
 * cbng's steps, as the original trainer: store-edit-sets -> bayes-train ->
 * create-main-bayes-db and create-two-bayes-db (concurrently) -> ann-train -> create-ann ->
 * trial-report (only with a trial set) -> create-plots.
 */
export function cbngSteps(options: CbngStepsOptions): StepDefinition[] {
  const { values } = options;
  const hasTrial = options.trial.trim() !== '';
  const bayesOptions = {
    minEdits: values.BAYES_MIN_EDITS,
    minDeviation: values.BAYES_MIN_DEVIATION,
    strongestTokens: values.BAYES_STRONGEST_TOKENS,
  };
  return [
    {
      name: 'store-edit-sets',
      outputs: hasTrial ? [LAYOUT.trainSet, LAYOUT.trialSet] : [LAYOUT.trainSet],
      run: async (context) => {
        await download(context, options.training, LAYOUT.trainSet, options.componentRoot);
        if (hasTrial)
          await download(context, options.trial, LAYOUT.trialSet, options.componentRoot);
      },
    },
    {
      name: 'bayes-train',
      needs: ['store-edit-sets'],
      outputs: [LAYOUT.features],
      run: async (context) => {
        const out = createArtifactWriteStream(join(context.folder, LAYOUT.features));
        let vandalism = 0;
        const summary = await readEditSet(
          join(context.folder, LAYOUT.trainSet),
          (edit) => {
            const features = extractFeatures(edit);
            if (features.isVandalism) vandalism++;
            out.write(`${JSON.stringify(features)}\n`);
          },
          { onProgress: (edits) => context.progress(edits, undefined, 'edits') },
        );
        out.end();
        await new Promise<void>((resolve) => out.on('finish', () => resolve()));
        context.log(
          `Read ${summary.edits} training edits (${vandalism} vandalism, ${summary.edits - vandalism} legit), ${summary.digest}`,
        );
        if (vandalism === 0 || vandalism === summary.edits)
          throw new Error(
            `${options.training}: the training set needs both classes (isVandalism true and false), it has ${vandalism} vandal edits of ${summary.edits}`,
          );
      },
    },
    ...(['main', 'two'] as const).map((kind): StepDefinition => ({
      name: `create-${kind}-bayes-db`,
      needs: ['bayes-train'],
      outputs: [kind === 'main' ? ARTIFACTS.mainBayes : ARTIFACTS.twoBayes],
      run: async (context) => {
        const edits = await readFeatures(context.folder);
        const database = buildBayesDatabase(
          edits,
          kind === 'main' ? 'words' : 'pairs',
          bayesOptions,
        );
        context.log(
          `${database.size} ${kind === 'main' ? 'words' : 'word pairs'} kept after pruning`,
        );
        writeJson(
          context.folder,
          kind === 'main' ? ARTIFACTS.mainBayes : ARTIFACTS.twoBayes,
          database,
        );
      },
    })),
    {
      name: 'ann-train',
      needs: ['create-main-bayes-db', 'create-two-bayes-db'],
      outputs: [LAYOUT.annInputs],
      run: async (context) => {
        const edits = await readFeatures(context.folder);
        const inputs = crossFittedInputs(edits, values.BAYES_FOLDS, values.SEED, bayesOptions);
        const lines = inputs.map((input, k) =>
          JSON.stringify({ id: edits[k].id, target: edits[k].isVandalism ? 1 : 0, input }),
        );
        writeFileSync(join(context.folder, LAYOUT.annInputs), `${lines.join('\n')}\n`);
        context.log(
          `${inputs.length} network inputs of ${inputs[0]?.length ?? 0} values, Bayes scores cross-fitted over ${values.BAYES_FOLDS} folds`,
        );
      },
    },
    {
      name: 'create-ann',
      needs: ['ann-train'],
      outputs: [ARTIFACTS.ann, LAYOUT.annTraining],
      run: async (context) => {
        const rows = readFileSync(join(context.folder, LAYOUT.annInputs), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { target: number; input: number[] });
        const members: TrainResult[] = [];
        for (let k = 0; k < values.ENSEMBLE_SIZE; k++) {
          const member = `network ${k + 1}/${values.ENSEMBLE_SIZE}`;
          const result = trainNetwork(
            rows.map((row) => row.input),
            rows.map((row) => row.target),
            {
              hiddenUnits: values.HIDDEN_UNITS,
              maxEpochs: values.MAX_EPOCHS,
              learningRate: values.LEARNING_RATE,
              batchSize: values.BATCH_SIZE,
              l2: values.L2,
              validationFraction: values.VALIDATION_FRACTION,
              patience: values.PATIENCE,
              targetMse: values.TARGET_MSE,
              averageEpochs: values.WEIGHT_AVERAGE_EPOCHS,
              // Each member its own weights, split and batch order.
              seed: values.SEED + k * 7919,
              onEpoch: (epoch) => {
                context.progress(
                  k * values.MAX_EPOCHS + epoch.epoch,
                  values.ENSEMBLE_SIZE * values.MAX_EPOCHS,
                  'epochs',
                );
                context.log(
                  `${member} epoch ${epoch.epoch}: train loss ${epoch.trainLoss.toFixed(5)}, validation loss ${epoch.validationLoss.toFixed(5)}, validation MSE ${epoch.validationMse.toFixed(5)}`,
                );
              },
            },
          );
          context.log(
            `${member}: stopped after ${result.epochs} epochs (${result.stoppedBy}); kept epoch ${result.bestEpoch}`,
          );
          members.push(result);
        }
        writeJson(context.folder, ARTIFACTS.ann, annFile(members.map((member) => member.network)));
        writeJson(context.folder, LAYOUT.annTraining, {
          epochs: Math.max(...members.map((member) => member.epochs)),
          bestEpoch: Math.round(
            members.reduce((sum, member) => sum + member.bestEpoch, 0) / members.length,
          ),
          members: members.map((member) => ({
            epochs: member.epochs,
            bestEpoch: member.bestEpoch,
            stoppedBy: member.stoppedBy,
            history: member.history,
          })),
        });
      },
    },
    {
      name: 'trial-report',
      needs: ['create-ann'],
      enabled: hasTrial,
      outputs: [
        'trial/report.txt',
        'trial/thresholdtable.txt',
        'trial/falsepositives.txt',
        'trial/falsenegatives.txt',
        'trial/details.txt',
        'trial/debug.xml',
        LAYOUT.trialMetrics,
        LAYOUT.trialScores,
      ],
      run: async (context) => {
        const model = CbngModel.load(context.folder);
        const { records } = await scoreEditSet(model, join(context.folder, LAYOUT.trialSet), (n) =>
          context.progress(n, undefined, 'edits'),
        );
        const metrics = writeTrialReport(join(context.folder, 'trial'), records, {
          reportThreshold: values.REPORT_THRESHOLD,
          maxFalsePositiveRate: values.MAX_FALSE_POSITIVE_RATE,
          searchStep: 0.0001,
          tableStep: 0.0005,
        });
        const baselines = baselineAucs(records);
        writeJson(context.folder, LAYOUT.trialMetrics, { metrics, baselines });
        writeFileSync(
          join(context.folder, LAYOUT.trialScores),
          records
            .map((r) => JSON.stringify({ id: r.id, score: r.score, isVandalism: r.isVandalism }))
            .join('\n') + '\n',
        );
        for (const line of readFileSync(join(context.folder, 'trial/report.txt'), 'utf8')
          .trim()
          .split('\n'))
          context.log(line);
      },
    },
    {
      name: 'create-plots',
      needs: ['trial-report'],
      enabled: hasTrial,
      outputs: [LAYOUT.trialPlots, LAYOUT.plots, ...LAYOUT.trialPlotFiles],
      run: async (context) => {
        const scores = readFileSync(join(context.folder, LAYOUT.trialScores), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { score: number; isVandalism: boolean });
        const plots = trialPlots(scores);
        writeJson(context.folder, LAYOUT.trialPlots, plots);
        writeJson(context.folder, LAYOUT.plots, plots);
        // Drawn here too, so the trial folder (and the file API) shows them without a report.
        for (const plot of plots) {
          const svg = await renderSvg(plot);
          writeFileSync(join(context.folder, 'trial', `${plot.name}.svg`), svg);
          writeFileSync(join(context.folder, 'trial', `${plot.name}.png`), renderPng(svg));
        }
        context.log(`Wrote ${plots.length} plots: Vega-Lite specs, SVG and PNG in trial/`);
      },
    },
  ];
}

/** Scores every edit of an edit set, streamed, keeping only scores and capped fields. */
export async function scoreEditSet(
  model: CbngModel,
  uri: string,
  onProgress?: (edits: number) => void,
  cwd?: string,
): Promise<{ records: TrialRecord[]; digest: string }> {
  const records: TrialRecord[] = [];
  const summary = await readEditSet(
    uri,
    (edit) => {
      const score = model.score(edit);
      records.push({
        id: edit.editId,
        isVandalism: edit.isVandalism === true,
        score: score.score,
        mainBayes: score.mainBayes,
        twoBayes: score.twoBayes,
        debug: capTree(edit.raw),
      });
    },
    { cwd, onProgress: (edits) => onProgress?.(edits) },
  );
  return { records, digest: summary.digest };
}

/** ROC-AUCs of what the run compares the model against: the main Bayes score alone. */
function baselineAucs(records: TrialRecord[]): Record<string, number> {
  return {
    main_bayes_roc_auc: rocAuc(
      records.map((r) => ({ score: r.mainBayes, isVandalism: r.isVandalism })),
    ),
  };
}

/** Reads the trial metrics the trial-report step wrote. */
export function readTrialMetrics(folder: string): {
  metrics: TrialMetrics;
  baselines: Record<string, number>;
} {
  return JSON.parse(readFileSync(join(folder, LAYOUT.trialMetrics), 'utf8'));
}

async function readFeatures(folder: string): Promise<EditFeatures[]> {
  const edits: EditFeatures[] = [];
  const lines = createInterface({
    input: createReadStream(join(folder, LAYOUT.features)),
    crlfDelay: Infinity,
  });
  for await (const line of lines) if (line) edits.push(JSON.parse(line) as EditFeatures);
  return edits;
}

function writeJson(folder: string, path: string, value: unknown): void {
  writeFileSync(join(folder, path), `${JSON.stringify(value)}\n`);
}

async function download(
  context: StepContext,
  uri: string,
  path: string,
  cwd: string,
): Promise<void> {
  const target = join(context.folder, path);
  await mkdir(dirname(target), { recursive: true });
  context.log(`Downloading ${uri} to ${path}`);
  const opened = await openUri(uri, { cwd, timeoutMs: 300_000 });
  await pump(contentOf(opened), createWriteStream(target));
  context.log(`Stored ${path}${opened.size !== undefined ? ` (${opened.size} bytes)` : ''}`);
}
