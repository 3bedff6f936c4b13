import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { readJsonLines } from '@mesh/data';
import { stratifiedSplit } from '@mesh/ml';
import type { Output } from '@mesh/output';
import { sha256File, type RunContext, type RunSummary } from '@mesh/pipeline';
import type { ExampleSet } from './data/example';
import { readExamples, type ReadExamplesOptions } from './data/read-examples';
import { checkLabels, evaluateClassifier, type Evaluation } from './evaluation';
import { MajorityBaseline, NaiveBayesBaseline } from './model/naive-bayes';
import {
  trainNbsvm,
  type FeatureCandidate,
  type NbsvmParams,
  type RowPlan,
} from './model/train-nbsvm';
import { makePlots } from './plots';
import { readOptionsOf } from './read-settings';
import { dataUris, type SentimentSettingsSpec } from './settings';
import { makeTestFiles, writeTestFiles } from './test-files';
import { tokenize } from './text/tokenize';

/** Name of the model artifact in the run folder. */
export const MODEL_FILE = 'model.json';

/** Training data above this many tokens gets no character n-grams when CHAR_NGRAMS=auto. */
const CHAR_NGRAM_TOKEN_LIMIT = 1_500_000;

/** The quality gate failed: the model does not beat the baselines the run computed. */
export class QualityGateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/**
 * sentiment/train: read training (and validation) data -> choose n-grams and C on validation
 * data -> refit NBSVM-LR -> evaluate against majority and Naive Bayes baselines (the quality
 * gate) -> write model, plots, test files and model card into the run folder.
 */
export async function trainPipeline(
  context: RunContext<SentimentSettingsSpec>,
): Promise<RunSummary> {
  const { values, output, run, componentRoot } = context;
  const readOptions = { ...readOptionsOf(values), cwd: componentRoot };
  const uris = dataUris(values);
  if (values.USE_SAMPLE_DATA)
    output.info('USE_SAMPLE_DATA=true: training and evaluating on the shipped sample data');

  const training = await read(output, 'Reading training data', uris.training, readOptions);
  const validationUri = values.USE_SAMPLE_DATA ? '' : values.VALIDATION_DATA_URI;
  const validation = validationUri
    ? await read(output, 'Reading validation data', validationUri, readOptions)
    : undefined;
  const evaluationData = await read(
    output,
    'Reading evaluation data',
    uris.evaluation,
    readOptions,
  );
  const labels = [...new Set(training.examples.map((e) => e.label))].sort();
  if (validation) checkLabels(validation.examples, labels, validationUri);
  checkLabels(evaluationData.examples, labels, uris.evaluation);
  output.info(
    `Labels: ${labels.map((label) => `${label} (${training.examples.filter((e) => e.label === label).length})`).join(', ')}`,
  );

  const texts = training.examples.map((e) => e.text);
  const names = training.examples.map((e) => e.label);
  let plan: RowPlan;
  if (validation) {
    texts.push(...validation.examples.map((e) => e.text));
    names.push(...validation.examples.map((e) => e.label));
    const n = training.examples.length;
    const all = Array.from({ length: n }, (_, i) => i);
    plan = { train: all, validation: validation.examples.map((_, i) => n + i), refit: all };
  } else {
    const split = stratifiedSplit(names, values.VALIDATION_FRACTION, values.SEED);
    plan = { train: split.train, validation: split.test, refit: texts.map((_, i) => i) };
  }

  const tokens = sampleTokenCount(training.examples.map((e) => e.text));
  const charOn =
    values.CHAR_NGRAMS === 'on' ||
    (values.CHAR_NGRAMS === 'auto' && tokens < CHAR_NGRAM_TOKEN_LIMIT);
  const charRange = values.CHAR_NGRAM_RANGE as readonly [number, number];
  const candidates: FeatureCandidate[] = values.WORD_NGRAMS.map((n) => ({
    wordNgramMax: n,
    charNgrams: null,
  }));
  if (charOn) {
    const widest = Math.max(...values.WORD_NGRAMS);
    if (values.CHAR_NGRAMS === 'on') candidates.forEach((c) => (c.charNgrams = charRange));
    else candidates.push({ wordNgramMax: widest, charNgrams: charRange });
  } else if (values.CHAR_NGRAMS === 'auto') {
    output.info(
      `About ${Math.round(tokens / 1e6)} million training tokens: character n-grams left out (set CHAR_NGRAMS=on to use them)`,
    );
  }
  const params: NbsvmParams = {
    candidates,
    cGrid: values.C_GRID,
    negation: values.NEGATION,
    hashBits: values.HASH_BITS,
    minDf: values.MIN_DF === 'auto' ? (training.examples.length < 10_000 ? 1 : 2) : values.MIN_DF,
    alpha: 1,
    tolerance: 0.1,
    maxIterations: values.MAX_ITERATIONS,
    gridMaxIterations: Math.min(values.MAX_ITERATIONS, 40),
  };

  const trained = await output.step(
    `Training NBSVM-LR on ${texts.length} documents (${candidates.length + params.cGrid.length - 1} grid fits, ${plan.validation.length} validation documents)`,
    async (progress) => {
      let phase = '';
      return trainNbsvm(texts, names, plan, params, (name, done, total) => {
        if (name !== phase) {
          phase = name;
          output.info(name);
        }
        if (done !== undefined)
          progress.update(done, total, name.startsWith('Extracting') ? 'documents' : 'fits');
      });
    },
  );
  const { chosen } = trained;
  output.info(
    `Chosen on validation data: word n-grams 1-${chosen.wordNgramMax}, character n-grams ${chosen.charNgrams ? chosen.charNgrams.join('-') : 'none'}, C ${chosen.C}` +
      (Number.isNaN(chosen.score)
        ? ''
        : ` (${trained.selectionMetric} ${chosen.score.toFixed(4)})`),
  );
  const model = trained.model;

  const evaluation = await output.step(
    `Evaluating on ${evaluationData.examples.length} documents`,
    (progress) =>
      evaluateClassifier(model, evaluationData.examples, (done, total) =>
        progress.update(done, total, 'documents'),
      ),
  );
  const baselines = await output.step(
    'Scoring the baselines (majority class, unigram Naive Bayes)',
    () => ({
      majority: evaluateClassifier(
        new MajorityBaseline(training.examples),
        evaluationData.examples,
      ),
      naive_bayes: evaluateClassifier(
        NaiveBayesBaseline.train(training.examples),
        evaluationData.examples,
      ),
    }),
  );
  checkQualityGate(evaluation, baselines, trained.selectionMetric, values.GATE_TOLERANCE);

  const samples = await output.step(`Reading sample inputs (${values.SAMPLE_INPUTS_URI})`, () =>
    readJsonLines(values.SAMPLE_INPUTS_URI, { cwd: componentRoot, validate: parseSample }),
  );
  const testFiles = makeTestFiles(model, samples.records);
  const hyperparameters = {
    method: 'NBSVM-LR',
    ...model.hyperparameters,
    negation: params.negation,
    hash_bits: params.hashBits,
    labels: model.labels,
  };
  const card = await output.step('Writing model, plots, test files and model card', async () => {
    model.save(run.file(MODEL_FILE));
    writeFileSync(run.file('plots.json'), `${JSON.stringify(makePlots(evaluation), null, 2)}\n`);
    mkdirSync(run.file('test-files'));
    const written = writeTestFiles(testFiles, (name) => run.file('test-files', name));
    const artifacts = [];
    for (const path of [MODEL_FILE, 'plots.json', ...written.map((name) => `test-files/${name}`)])
      artifacts.push({
        path,
        bytes: statSync(run.file(path)).size,
        sha256: await sha256File(run.file(path)),
      });
    const card = {
      name: 'sentiment-train',
      model_type: 'text-classification',
      method:
        'NBSVM-LR: binary word n-grams and character n-grams scaled by Naive Bayes log-count ratios, L2-regularised logistic regression fitted by dual coordinate descent (Yu, Huang & Lin, 2011), one-vs-rest for more than two labels (Wang & Manning, 2012; Mesnil et al., 2014)',
      created: context.startedAt.toISOString(),
      environment: context.settings.environment,
      labels: model.labels,
      hyperparameters,
      selection: {
        metric: trained.selectionMetric,
        chosen,
        grid: trained.grid,
        columns: trained.columns,
      },
      metrics: evaluation.metrics,
      confusion_matrix: {
        labels: evaluation.labels,
        rows_true_columns_predicted: evaluation.report.confusion,
      },
      baselines: {
        majority: baselines.majority.metrics,
        naive_bayes: baselines.naive_bayes.metrics,
      },
      data: {
        training: dataset(uris.training, training),
        validation: validation
          ? dataset(validationUri, validation)
          : { split: 'stratified', fraction: values.VALIDATION_FRACTION, seed: values.SEED },
        evaluation: dataset(uris.evaluation, evaluationData),
      },
      intended_use:
        'Sentiment of English sentences and reviews like the training data; not for other languages or domains without retraining and evaluation.',
      lineage: {
        git_sha: context.git.sha,
        git_branch: context.git.branch,
        git_dirty: context.git.dirty,
      },
      settings: context.settings.redacted(),
      artifacts,
    };
    writeFileSync(run.file('model_card.json'), `${JSON.stringify(card, null, 2)}\n`);
    return card;
  });

  output.info(
    `Evaluated on ${evaluationData.examples.length} documents: accuracy ${evaluation.metrics.accuracy.toFixed(4)}, macro-F1 ${evaluation.metrics.macro_f1.toFixed(4)}` +
      ` (majority ${baselines.majority.metrics.accuracy.toFixed(4)} / ${baselines.majority.metrics.macro_f1.toFixed(4)}, Naive Bayes ${baselines.naive_bayes.metrics.accuracy.toFixed(4)} / ${baselines.naive_bayes.metrics.macro_f1.toFixed(4)})`,
  );
  return {
    metrics: evaluation.metrics,
    params: hyperparameters,
    card,
    testFiles: {
      inputs: testFiles.inputs,
      inference_params: testFiles.inferenceParams,
      predictions: testFiles.predictions,
    },
    datasets: [
      { name: 'training', uri: uris.training, digest: training.digest },
      ...(validation
        ? [{ name: 'validation', uri: validationUri, digest: validation.digest }]
        : []),
      { name: 'evaluation', uri: uris.evaluation, digest: evaluationData.digest },
      { name: 'samples', uri: values.SAMPLE_INPUTS_URI, digest: samples.digest },
    ],
  };
}

/**
 * The model must score above the majority class and no more than `tolerance` below unigram
 * Naive Bayes, on the selection metric (accuracy for two labels, macro-F1 for more).
 */
export function checkQualityGate(
  evaluation: Evaluation,
  baselines: { majority: Evaluation; naive_bayes: Evaluation },
  metric: 'accuracy' | 'macro_f1',
  tolerance: number,
): void {
  const score = evaluation.metrics[metric];
  const majority = baselines.majority.metrics[metric];
  const bayes = baselines.naive_bayes.metrics[metric];
  if (!(score > majority))
    throw new QualityGateError(
      `${metric} ${score.toFixed(4)} is not above the majority-class baseline (${majority.toFixed(4)}); nothing was registered. Check the labels and the amount of training data.`,
    );
  if (score < bayes - tolerance)
    throw new QualityGateError(
      `${metric} ${score.toFixed(4)} is below the unigram Naive Bayes baseline (${bayes.toFixed(4)}) by more than GATE_TOLERANCE=${tolerance}; nothing was registered.`,
    );
}

function parseSample(value: unknown): { text: string } {
  const record = value as { text?: unknown };
  if (typeof record?.text !== 'string') throw new Error('field "text" must be a string');
  return { text: record.text };
}

function read(
  output: Output,
  title: string,
  uri: string,
  options: ReadExamplesOptions,
): Promise<ExampleSet> {
  return output.step(`${title} (${uri})`, (progress) =>
    readExamples(uri, { ...options, onProgress: (n) => progress.update(n, undefined, 'examples') }),
  );
}

function dataset(uri: string, set: ExampleSet) {
  return {
    uri,
    location: set.location,
    format: set.format,
    digest: set.digest,
    bytes: set.bytes,
    records: set.examples.length,
  };
}

/** Tokens in the training texts, estimated from up to 2,000 of them. */
function sampleTokenCount(texts: readonly string[]): number {
  const step = Math.max(1, Math.floor(texts.length / 2000));
  let tokens = 0;
  let sampled = 0;
  for (let i = 0; i < texts.length; i += step) {
    tokens += tokenize(texts[i]).length;
    sampled++;
  }
  return (tokens / sampled) * texts.length;
}
