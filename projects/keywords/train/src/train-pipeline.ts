import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { readJsonLines, type JsonLinesResult } from '@mesh/data';
import type { Output } from '@mesh/output';
import { sha256File, type RunContext, type RunSummary } from '@mesh/pipeline';
import { evaluate } from './evaluate';
import { evaluationMetrics } from './metrics';
import { f1AtK, keywordPlots } from './plots';
import { makeModelCard, type ArtifactRecord, type DatasetRecord } from './model-card';
import {
  KP_MINER_ALPHA,
  KP_MINER_SIGMA,
  type KeywordParams,
  type StopWordsMode,
} from './model/params';
import { trainKeywordModel } from './model/train';
import { parseCorpusRecord, parseEvaluationRecord } from './records';
import { dataUris, type KeywordsSettingsSpec } from './settings';
import { makeTestFiles, writeTestFiles } from './test-files';
import { isLanguage, LANGUAGES, type Language } from './text/languages';

/** Name of the model artifact in the run folder. */
export const MODEL_FILE = 'model.json';

/** The plots of the version's report (Vega-Lite specs), in the run folder. */
export const PLOTS_FILE = 'plots.json';

/** The quality gate failed: the model is worse than the configured floor. */
export class QualityGateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/**
 * keywords/train: read the corpus -> learn corpus statistics -> evaluate F1@k on the labelled
 * set -> write the model, test files, model card. Everything goes into the run folder, which
 * is kept only if every step (and the MIN_F1 gate) passes.
 */
export async function trainPipeline(
  context: RunContext<KeywordsSettingsSpec>,
): Promise<RunSummary> {
  const { values, output, run, componentRoot } = context;
  const languages = selectLanguages(values.LANGUAGES);
  const params: KeywordParams = {
    ngramRange: values.KEYPHRASE_NGRAM_RANGE,
    stopWords: values.STOP_WORDS as StopWordsMode,
    topN: values.TOP_N,
    cutoffPosition: values.CUTOFF_POSITION,
    minFrequency: values.MIN_PHRASE_FREQUENCY,
    alpha: KP_MINER_ALPHA,
    sigma: KP_MINER_SIGMA,
  };

  const uris = dataUris(values);
  if (values.USE_SAMPLE_DATA)
    output.info(`USE_SAMPLE_DATA=true: training and evaluating on the shipped sample data`);
  const corpus = await read(
    output,
    'Reading training corpus',
    uris.training,
    componentRoot,
    parseCorpusRecord,
  );
  const training = corpus.records.filter((record) => languages.includes(record.lang));
  if (training.length === 0) {
    throw new Error(
      `${uris.training} has no documents in ${languages.join(', ')} (set LANGUAGES to the languages it has)`,
    );
  }
  const model = await output.step(
    `Learning corpus statistics from ${training.length} documents`,
    (progress) =>
      trainKeywordModel(training, params, (done, total) =>
        progress.update(done, total, 'documents'),
      ),
  );

  const evaluationData = await read(
    output,
    'Reading evaluation set',
    uris.evaluation,
    componentRoot,
    parseEvaluationRecord,
  );
  const evaluationRecords = evaluationData.records.filter((record) =>
    languages.includes(record.lang),
  );
  const evaluation = await output.step(
    `Evaluating F1@${params.topN} on ${evaluationRecords.length} documents`,
    (progress) =>
      evaluate(model, evaluationRecords, params.topN, (done, total) =>
        progress.update(done, total, 'documents'),
      ),
  );
  const metrics = evaluationMetrics(evaluation);
  if (metrics.f1 < values.MIN_F1) {
    throw new QualityGateError(
      `F1@${params.topN} is ${metrics.f1.toFixed(4)}, below the floor MIN_F1=${values.MIN_F1}; nothing was kept`,
    );
  }

  const samples = await read(
    output,
    'Reading sample inputs',
    values.SAMPLE_INPUTS_URI,
    componentRoot,
    parseCorpusRecord,
  );
  const testFiles = makeTestFiles(
    model,
    samples.records.filter((record) => languages.includes(record.lang)),
    params,
  );
  const card = await output.step('Writing model, test files and model card', async () => {
    model.save(run.file(MODEL_FILE));
    const plots = keywordPlots(f1AtK(model, evaluationRecords, params.topN), evaluation);
    writeFileSync(run.file(PLOTS_FILE), `${JSON.stringify(plots, null, 2)}\n`);
    mkdirSync(run.file('test-files'));
    const written = writeTestFiles(testFiles, (name) => run.file('test-files', name));
    const artifacts: ArtifactRecord[] = [];
    for (const path of [MODEL_FILE, PLOTS_FILE, ...written.map((name) => `test-files/${name}`)]) {
      artifacts.push({
        path,
        bytes: statSync(run.file(path)).size,
        sha256: await sha256File(run.file(path)),
      });
    }
    const card = makeModelCard({
      name: 'keywords-train',
      created: context.startedAt,
      environment: context.settings.environment,
      params,
      languages: model.languages,
      metrics,
      evaluation,
      training: dataset(uris.training, corpus),
      evaluationData: dataset(uris.evaluation, evaluationData),
      git: context.git,
      redactedSettings: context.settings.redacted(),
      artifacts,
    });
    writeFileSync(run.file('model_card.json'), `${JSON.stringify(card, null, 2)}\n`);
    return card;
  });

  output.info(`Evaluated on ${evaluation.overall.documents} documents: ${describeScores(metrics)}`);
  return {
    metrics,
    params: { ...params },
    card,
    testFiles: {
      inputs: testFiles.inputs,
      inference_params: testFiles.inferenceParams,
      predictions: testFiles.predictions,
    },
    datasets: [
      { name: 'training', uri: uris.training, digest: corpus.digest },
      { name: 'evaluation', uri: uris.evaluation, digest: evaluationData.digest },
      { name: 'samples', uri: values.SAMPLE_INPUTS_URI, digest: samples.digest },
    ],
  };
}

function selectLanguages(requested: string[]): Language[] {
  const unknown = requested.filter((language) => !isLanguage(language));
  if (unknown.length > 0)
    throw new Error(`LANGUAGES: ${unknown.join(', ')} not supported (use ${LANGUAGES.join(', ')})`);
  return requested as Language[];
}

function read<T>(
  output: Output,
  title: string,
  uri: string,
  cwd: string,
  validate: (value: unknown) => T,
): Promise<JsonLinesResult<T>> {
  return output.step(`${title} (${uri})`, (progress) =>
    readJsonLines(uri, {
      cwd,
      validate,
      onProgress: (records) => progress.update(records, undefined, 'records'),
    }),
  );
}

function dataset(uri: string, result: JsonLinesResult<unknown>): DatasetRecord {
  return {
    uri,
    location: result.location,
    digest: result.digest,
    bytes: result.bytes,
    records: result.records.length,
  };
}

function describeScores(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${name} ${value.toFixed(4)}`)
    .join(', ');
}
