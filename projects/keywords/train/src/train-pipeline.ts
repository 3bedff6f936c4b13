import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { DataError, readJsonLines, type JsonLinesResult } from '@mesh/data';
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
import { computeBaselines } from './baselines';
import type { CandidateMode } from './model/candidates';
import { fitKeywordModel } from './model/fit';
import { checkQualityGate } from './quality-gate';
import {
  parseCorpusRecord,
  parseEvaluationRecord,
  type CorpusRecord,
  type EvaluationRecord,
} from './records';
import { dataUris, type KeywordsSettingsSpec } from './settings';
import { makeTestFiles, writeTestFiles } from './test-files';
import { isLanguage, LANGUAGES, type Language } from './text/languages';

/** Name of the model artifact in the run folder. */
export const MODEL_FILE = 'model.json';

/** The plots of the version's report (Vega-Lite specs), in the run folder. */
export const PLOTS_FILE = 'plots.json';

export { QualityGateError } from './quality-gate';

/**
 * keywords/train: read the corpus -> learn corpus statistics (and, with gold keyphrases, a
 * supervised ranker; settings chosen on validation data) -> evaluate strict F1@k on the
 * labelled set against baselines computed on it -> write the model, test files, model card.
 * Everything goes into the run folder, which is kept only if every step and the gate pass.
 */
export async function trainPipeline(
  context: RunContext<KeywordsSettingsSpec>,
): Promise<RunSummary> {
  const { values, output, run, componentRoot, signal } = context;
  const configured: KeywordParams = {
    ngramRange: values.KEYPHRASE_NGRAM_RANGE,
    candidates: values.CANDIDATES as CandidateMode,
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
  const languages = selectLanguages(values.LANGUAGES, corpus.records, uris.training, output);
  const training = corpus.records.filter((record) => languages.includes(record.lang));
  const validationData = values.VALIDATION_DATA_URI
    ? await read(
        output,
        'Reading validation set',
        values.VALIDATION_DATA_URI,
        componentRoot,
        parseEvaluationRecord,
      )
    : undefined;

  // All data is read, and checked, before any training.
  const evaluationData = await read(
    output,
    'Reading evaluation set',
    uris.evaluation,
    componentRoot,
    parseEvaluationRecord,
  );

  const { model, selection } = await output.step(
    `Training on ${training.length} documents`,
    (progress) =>
      fitKeywordModel(training, {
        params: configured,
        tune: values.TUNE,
        validation: validationData?.records.filter((record) => languages.includes(record.lang)),
        validationFraction: values.VALIDATION_FRACTION,
        seed: values.SEED,
        signal,
        onProgress: (stage, done, total) => {
          progress.update(done, total, 'documents');
          progress.detail(stage);
        },
      }),
  );
  const params = model.params;
  output.info(`Method: ${describeMethod(model.method)}, because ${selection.reason}`);
  if (selection.grid.length > 0)
    output.info(
      `Chosen on ${selection.validation.documents} validation documents (${selection.validation.source}): KEYPHRASE_NGRAM_RANGE=[${params.ngramRange.join(',')}] CUTOFF_POSITION=${params.cutoffPosition} MIN_PHRASE_FREQUENCY=${params.minFrequency}`,
    );

  const evaluationRecords = evaluationData.records.filter((record) =>
    model.languages.includes(record.lang),
  );
  const skipped = evaluationData.records.length - evaluationRecords.length;
  if (evaluationRecords.length === 0)
    throw new DataError(
      `no evaluation records in the model's languages (${model.languages.join(', ')}): give EVAL_DATA_URI documents in them, or set LANGUAGES`,
      uris.evaluation,
    );
  if (skipped > 0)
    output.warn(
      `${skipped} evaluation records are in languages the model has no statistics for (it has ${model.languages.join(', ')}); they are not scored`,
    );
  const evaluation = await output.step(
    `Evaluating strict F1@${params.topN} on ${evaluationRecords.length} documents`,
    (progress) =>
      evaluate(
        model,
        evaluationRecords,
        params.topN,
        (done, total) => progress.update(done, total, 'documents'),
        signal,
      ),
  );
  const metrics = evaluationMetrics(evaluation);
  const baselines = await output.step('Scoring baselines on the same evaluation data', () =>
    computeBaselines(model, evaluationRecords, signal),
  );
  for (const baseline of baselines)
    output.info(
      `  baseline ${baseline.name}: F1@${params.topN} ${baseline.f1.toFixed(4)}${baseline.gated ? ' (gate)' : ''}`,
    );
  checkQualityGate(metrics.f1, params.topN, baselines, values.MIN_F1);

  const samples = await read(
    output,
    'Reading sample inputs',
    values.SAMPLE_INPUTS_URI,
    componentRoot,
    parseCorpusRecord,
  );
  const testFiles = makeTestFiles(
    model,
    sampleInputs(samples.records, evaluationRecords, model.languages, output),
    params,
  );
  const card = await output.step('Writing model, test files and model card', async () => {
    model.save(run.file(MODEL_FILE));
    const plots = keywordPlots(await f1AtK(model, evaluationRecords, params.topN), evaluation);
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
      method: model.method,
      params,
      languages: model.languages,
      metrics,
      evaluation,
      baselines,
      selection,
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
    params: { ...params, method: model.method },
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
      ...(validationData
        ? [{ name: 'validation', uri: values.VALIDATION_DATA_URI, digest: validationData.digest }]
        : []),
    ],
  };
}

function describeMethod(method: 'supervised' | 'kp-miner'): string {
  return method === 'supervised'
    ? 'supervised ranker (logistic regression over candidate features, KEA-style)'
    : 'KP-Miner with corpus document frequencies';
}

/**
 * LANGUAGES when set (each must occur in the corpus), else the languages of the training
 * corpus, reported with their document counts.
 */
function selectLanguages(
  requested: string[],
  records: readonly CorpusRecord[],
  uri: string,
  output: Output,
): Language[] {
  const counts = new Map<Language, number>();
  for (const record of records) counts.set(record.lang, (counts.get(record.lang) ?? 0) + 1);
  const present = LANGUAGES.filter((language) => counts.has(language));
  const describe = present.map((language) => `${counts.get(language)} ${language}`).join(', ');
  if (requested.length === 0) {
    output.info(`Languages: ${present.join(', ')} (detected in the training corpus: ${describe})`);
    return present;
  }
  const missing = requested.filter((language) => !isLanguage(language) || !counts.has(language));
  if (missing.length > 0)
    throw new DataError(
      `has no documents in ${missing.join(', ')}, which LANGUAGES asks for (it has ${describe}): leave LANGUAGES unset to use the corpus's languages`,
      uri,
    );
  return requested as Language[];
}

/**
 * The sample inputs in the model's languages; the others are left out with a warning. When
 * none is left, the first three evaluation documents stand in, with a warning.
 */
function sampleInputs(
  samples: readonly CorpusRecord[],
  evaluationRecords: readonly EvaluationRecord[],
  languages: readonly Language[],
  output: Output,
): CorpusRecord[] {
  const kept = samples.filter((record) => languages.includes(record.lang));
  const dropped = samples.filter((record) => !languages.includes(record.lang));
  if (dropped.length > 0)
    output.warn(
      `SAMPLE_INPUTS_URI: ${dropped.map((record) => `${record.id} (${record.lang})`).join(', ')} left out of the test files: the model has statistics for ${languages.join(', ')} only`,
    );
  if (kept.length > 0) return kept;
  output.warn(
    `SAMPLE_INPUTS_URI has no document in ${languages.join(', ')}: the first evaluation documents are the test files' inputs`,
  );
  return evaluationRecords.slice(0, 3).map(({ id, lang, text }) => ({ id, lang, text }));
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
