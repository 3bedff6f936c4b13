import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import type { Output } from '@mesh/output';
import { sha256File, type RunContext, type RunSummary } from '@mesh/pipeline';
import { readJsonLines } from '@mesh/data';
import { entityTypes } from '@mesh/sequence';
import { mostFrequentTagBaseline } from './baselines';
import { readSentences, type SentenceData } from './data/read-sentences';
import { evaluateTagger, metricsOf } from './evaluation';
import { makeModelCard, type ArtifactRecord, type DatasetRecord } from './model-card';
import { MODEL_FILE } from './model/ner-model';
import { trainNerModel, type NerTrainingParams } from './model/train';
import { makePlots } from './plots';
import { predictOne } from './predict';
import { dataUris, type NerSettingsSpec } from './settings';

/** The quality gate failed: the model does not beat the baseline the run computed. */
export class QualityGateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/**
 * ner/train: read the tagged data -> train the tagger (epochs chosen on validation data) ->
 * score it and the most-frequent-tag baseline with conlleval's rules -> gate -> write the
 * model, plots, test files and model card into the run folder.
 */
export async function pipeline(context: RunContext<NerSettingsSpec>): Promise<RunSummary> {
  const { values, output, run, componentRoot } = context;
  const uris = dataUris(values);
  if (values.USE_SAMPLE_DATA)
    output.info('USE_SAMPLE_DATA=true: training and evaluating on the shipped sample data');
  if (!(values.HOLDOUT > 0 && values.HOLDOUT < 1))
    throw new Error(`HOLDOUT=${values.HOLDOUT} must be a share between 0 and 1 (e.g. 0.1)`);
  const read = (title: string, uri: string) =>
    output.step(`Reading ${title} (${uri})`, (progress) =>
      readSentences(uri, {
        cwd: componentRoot,
        tagColumn: values.TAG_COLUMN,
        onProgress: (sentences) => progress.update(sentences, undefined, 'sentences'),
      }),
    );
  const training = await read('training data', uris.training);
  const validation = uris.validation ? await read('validation data', uris.validation) : undefined;
  const evaluationData = await read('evaluation data', uris.evaluation);
  const trainedTypes = entityTypes(training.sentences.map((s) => s.tags));
  if (trainedTypes.length === 0)
    throw new Error(`${uris.training} has no entity tags (every tag is O): nothing to learn`);
  describeData(output, 'training', training);

  const params: NerTrainingParams = {
    maxEpochs: values.MAX_EPOCHS,
    patience: values.PATIENCE,
    minFeatureCount: values.MIN_FEATURE_COUNT,
    holdout: values.HOLDOUT,
    seed: values.SEED,
    wordClusters: values.WORD_CLUSTERS,
  };
  const trained = await output.step(
    `Training the averaged perceptron on ${training.tokens} tokens`,
    (progress) =>
      trainNerModel(training.sentences, validation?.sentences, params, (event) => {
        if (event.kind === 'features')
          progress.update(event.done, event.total, 'sentences featurised');
        else {
          const { report } = event;
          progress.update(report.epoch, event.maxEpochs, 'epochs');
          progress.detail(
            `${event.phase === 'select' ? 'choosing epochs' : 'final model'}: epoch ${report.epoch}, ` +
              `${report.mistakes}/${report.sentences} sentences wrong` +
              (report.score === undefined ? '' : `, validation F1 ${report.score.toFixed(4)}`),
          );
        }
      }),
  );
  output.info(
    `Kept epoch ${trained.epochs} (validation F1 ${trained.validationF1.toFixed(4)} on ${trained.validation === 'holdout' ? `${Math.round(values.HOLDOUT * 100)}% held out` : 'the validation data'}), ${trained.featureCount} features`,
  );

  const { model } = trained;
  const evaluation = await output.step(
    `Scoring on ${evaluationData.sentences.length} evaluation sentences`,
    (progress) =>
      evaluateTagger(
        (tokens) => model.tag(tokens),
        evaluationData.sentences,
        evaluationData.scheme,
        model.types,
        (done, total) => progress.update(done, total, 'sentences'),
      ),
  );
  if (evaluation.unseenTypes.length > 0)
    output.warn(
      `${uris.evaluation} has entity types never seen in training (${evaluation.unseenTypes.join(', ')}): they are scored as misses`,
    );
  const baseline = evaluateTagger(
    mostFrequentTagBaseline(training.sentences),
    evaluationData.sentences,
    evaluationData.scheme,
    trainedTypes,
  );
  const metrics: Record<string, number> = {
    ...metricsOf(evaluation),
    baseline_f1: baseline.overall.f1,
  };
  output.info(
    `Entity F1 ${metrics.f1.toFixed(4)} (P ${metrics.precision.toFixed(4)}, R ${metrics.recall.toFixed(4)}), ` +
      `token accuracy ${metrics.accuracy.toFixed(4)}; most-frequent-tag baseline F1 ${baseline.overall.f1.toFixed(4)}`,
  );
  if (!(metrics.f1 >= baseline.overall.f1 + values.MIN_F1_GAIN) || metrics.f1 === 0) {
    throw new QualityGateError(
      `entity F1 ${metrics.f1.toFixed(4)} does not beat the most-frequent-tag baseline ${baseline.overall.f1.toFixed(4)} by MIN_F1_GAIN=${values.MIN_F1_GAIN}; nothing was kept`,
    );
  }

  const samples = await output.step(`Reading sample inputs (${values.SAMPLE_INPUTS_URI})`, () =>
    readJsonLines(values.SAMPLE_INPUTS_URI, {
      cwd: componentRoot,
      validate: (value) => {
        predictOne(model, value as Record<string, unknown>);
        return value as Record<string, unknown>;
      },
    }),
  );
  const testFiles = {
    inputs: samples.records,
    inference_params: {},
    predictions: samples.records.map((input, i) => predictOne(model, input, i)),
  };

  const card = await output.step('Writing model, plots, test files and model card', async () => {
    model.save(run.file(MODEL_FILE));
    writeFileSync(
      run.file('plots.json'),
      `${JSON.stringify(makePlots(evaluation, baseline), null, 2)}\n`,
    );
    writeFileSync(
      run.file('evaluation.json'),
      `${JSON.stringify({ model: evaluation, baseline }, null, 2)}\n`,
    );
    mkdirSync(run.file('test-files'));
    const written = Object.entries(testFiles).map(([name, content]) => {
      writeFileSync(
        run.file('test-files', `${name}.json`),
        `${JSON.stringify(content, null, 2)}\n`,
      );
      return `test-files/${name}.json`;
    });
    const artifacts: ArtifactRecord[] = [];
    for (const path of [MODEL_FILE, 'plots.json', 'evaluation.json', ...written])
      artifacts.push({
        path,
        bytes: statSync(run.file(path)).size,
        sha256: await sha256File(run.file(path)),
      });
    const card = makeModelCard({
      created: context.startedAt,
      environment: context.settings.environment,
      params: {
        ...params,
        epochs: trained.epochs,
        features: trained.featureCount,
        labels: model.tagger.weights.labels,
        epoch_selection: trained.validation,
        history: trained.history,
      },
      types: model.types,
      metrics,
      evaluation,
      baseline,
      data: {
        training: dataset(uris.training, training),
        ...(validation ? { validation: dataset(uris.validation, validation) } : {}),
        evaluation: dataset(uris.evaluation, evaluationData),
      },
      git: context.git,
      redactedSettings: context.settings.redacted(),
      artifacts,
    });
    writeFileSync(run.file('model_card.json'), `${JSON.stringify(card, null, 2)}\n`);
    return card;
  });

  return {
    metrics,
    params: {
      ...params,
      epochs: trained.epochs,
      features: trained.featureCount,
      validation: trained.validation,
    },
    card,
    testFiles,
    datasets: [
      { name: 'training', uri: uris.training, digest: training.digest },
      ...(validation
        ? [{ name: 'validation', uri: uris.validation, digest: validation.digest }]
        : []),
      { name: 'evaluation', uri: uris.evaluation, digest: evaluationData.digest },
      { name: 'samples', uri: values.SAMPLE_INPUTS_URI, digest: samples.digest },
    ],
  };
}

function describeData(output: Output, name: string, data: SentenceData): void {
  const types = entityTypes(data.sentences.map((s) => s.tags));
  output.info(
    `${name}: ${data.sentences.length} sentences, ${data.tokens} tokens, ${data.scheme} tags, types ${types.join(', ')}`,
  );
}

function dataset(uri: string, data: SentenceData): DatasetRecord {
  return {
    uri,
    location: data.location,
    digest: data.digest,
    bytes: data.bytes,
    sentences: data.sentences.length,
    tokens: data.tokens,
    format: data.format,
    scheme: data.scheme,
  };
}
