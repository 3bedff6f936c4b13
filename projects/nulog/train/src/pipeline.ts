import { writeFileSync } from 'node:fs';
import { sha256File, type RunContext, type RunSummary } from '@mesh/pipeline';
import { ARTIFACTS, templatePlots, writeStructuredCsv, writeTemplatesCsv } from './artifacts';
import type { LogRecord } from './logs/log-record';
import { readLogs } from './logs/read-logs';
import { windowsArchive } from './logs/windows';
import { drainTemplates } from './model/drain';
import { groupingAccuracy } from './model/grouping-accuracy';
import { parseLogs } from './model/parse-logs';
import { TemplateModel } from './model/template-model';
import { compileMasks, tokenize } from './model/tokenize';
import { buildVocabulary } from './model/vocabulary';
import { SAMPLE_DATA, type NulogSettingsSpec } from './settings';
import { readTrainingLogs } from './training-logs';

/** The quality gate failed: the model parses worse than the baseline the run computed. */
export class QualityGateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Parsing accuracy of the model and of the Drain baseline on labelled messages. */
export interface ParsingScores {
  parsing_accuracy: number;
  baseline_drain_accuracy: number;
  messages: number;
}

/** Scores the model (through {@link parseLogs}, as `evaluate` does) and Drain on the same labelled messages. */
export function scoreParsing(model: TemplateModel, records: readonly LogRecord[]): ParsingScores {
  const truth = records.map((record) => record.truth ?? '');
  const contents = records.map((record) => record.content);
  const parsed = parseLogs(model, contents);
  const masks = compileMasks(model.params.maskRegexes);
  const drain = drainTemplates(contents.map((content) => tokenize(content, masks)));
  return {
    parsing_accuracy: groupingAccuracy(parsed.eventIds, truth),
    baseline_drain_accuracy: groupingAccuracy(drain.assignments, truth),
    messages: records.length,
  };
}

/**
 * nulog/train: read logs (file, S3 or Elasticsearch) -> learn templates (Brain) -> score parsing
 * accuracy against Drain on labelled logs -> write the model, vocabulary, templates, structured
 * CSV, the logs as windows.tar.gz and plots into the run folder.
 */
export async function pipeline(context: RunContext<NulogSettingsSpec>): Promise<RunSummary> {
  const { values, output, run, componentRoot } = context;
  const sample = values.USE_SAMPLE_DATA;
  if (sample)
    output.info('USE_SAMPLE_DATA=true: training and evaluating on the shipped sample logs');
  const trainingUri = sample ? SAMPLE_DATA.training : values.TRAINING_DATA_URI;
  const evalUri = sample ? SAMPLE_DATA.evaluation : values.EVAL_DATA_URI;
  const logFormat = sample ? SAMPLE_DATA.logFormat : values.LOG_FORMAT;
  const params = {
    maskRegexes: values.MASK_REGEXES,
    splitMaxValues: values.SPLIT_MAX_VALUES,
    logFormat,
  };
  compileMasks(params.maskRegexes);

  const training = await readTrainingLogs(
    { ...values, LOG_SOURCE: sample ? 'file' : values.LOG_SOURCE },
    trainingUri,
    logFormat,
    componentRoot,
    output,
  );
  const contents = training.records.map((record) => record.content);
  const { model, eventIds } = await output.step(
    `Learning templates from ${contents.length} messages (Brain)`,
    () => TemplateModel.train(contents, params),
  );
  output.info(`${model.templates.length} templates`);

  let scores: ParsingScores | undefined;
  let scoredOn = '';
  let evalDigest: string | undefined;
  if (evalUri) {
    const labelled = await output.step(`Reading labelled logs (${evalUri})`, () =>
      readLogs(evalUri, { cwd: componentRoot, logFormat }),
    );
    if (labelled.records.some((record) => record.truth === undefined))
      throw new Error(
        `${evalUri}: has lines without a true template (EventTemplate/EventId column, or template/event_id field)`,
      );
    scores = await output.step(
      `Scoring parsing accuracy on ${labelled.records.length} messages`,
      () => scoreParsing(model, labelled.records),
    );
    scoredOn = evalUri;
    evalDigest = labelled.digest;
  } else if (training.records.every((record) => record.truth !== undefined)) {
    scores = scoreParsing(model, training.records);
    scoredOn = training.uri;
  } else {
    output.warn(
      'no labelled logs (EVAL_DATA_URI is empty and the training logs have no templates): parsing accuracy is not measured and no gate applies',
    );
  }
  if (scores) {
    output.info(
      `parsing accuracy ${scores.parsing_accuracy.toFixed(4)} on ${scoredOn}; Drain baseline ${scores.baseline_drain_accuracy.toFixed(4)}`,
    );
    if (scores.parsing_accuracy < scores.baseline_drain_accuracy - values.MAX_BELOW_BASELINE)
      throw new QualityGateError(
        `parsing accuracy ${scores.parsing_accuracy.toFixed(4)} is more than MAX_BELOW_BASELINE=${values.MAX_BELOW_BASELINE} below the Drain baseline ${scores.baseline_drain_accuracy.toFixed(4)}; nothing was kept`,
      );
  }

  const windows = await output.step(
    'Writing model, vocabulary, templates and training windows',
    async () => {
      model.save(run.file(ARTIFACTS.model));
      writeFileSync(run.file(ARTIFACTS.vocabulary), `${buildVocabulary(contents).join('\n')}\n`);
      writeTemplatesCsv(run.file(ARTIFACTS.templates), model.templates);
      const templateOf = new Map(
        model.templates.map((template) => [template.eventId, template.template]),
      );
      writeStructuredCsv(
        run.file(ARTIFACTS.structured),
        training.records,
        eventIds,
        eventIds.map((id) => templateOf.get(id) ?? ''),
      );
      writeFileSync(
        run.file(ARTIFACTS.plots),
        `${JSON.stringify(templatePlots(model.templates), null, 2)}\n`,
      );
      const archive = windowsArchive(training.records);
      writeFileSync(run.file(ARTIFACTS.windows), archive.archive);
      return {
        count: archive.windows,
        digest: `sha256:${(await sha256File(run.file(ARTIFACTS.windows))).replace(/^sha256:/, '')}`,
      };
    },
  );

  // Raw lines where the source had them, so `mesh models verify` replays the LOG_FORMAT split too.
  const samples = training.records.slice(0, 5).map((record) => record.raw ?? record.content);
  const predictions = samples.map((line) => {
    const content = model.messageOf(line);
    return { ...model.match(content), content };
  });
  const metrics: Record<string, number> = {
    templates: model.templates.length,
    training_messages: contents.length,
  };
  if (scores) {
    metrics.parsing_accuracy = scores.parsing_accuracy;
    metrics.baseline_drain_accuracy = scores.baseline_drain_accuracy;
    metrics.evaluated_messages = scores.messages;
  }
  const card = {
    model: 'nulog-train',
    created: context.startedAt.toISOString(),
    method: 'Brain log-template learner (Yu et al. 2023); baseline Drain (He et al. 2017)',
    metrics,
    templates: model.templates.length,
    training: { uri: training.uri, messages: contents.length, windows: windows.count },
    evaluation: scores ? { uri: scoredOn, messages: scores.messages } : null,
    gpu: 'none: the learner counts tokens; a GPU would not speed it up',
    settings: context.settings.redacted(),
  };
  writeFileSync(run.file('model_card.json'), `${JSON.stringify(card, null, 2)}\n`);
  return {
    metrics,
    card,
    params: {
      method: 'brain',
      mask_regexes: params.maskRegexes,
      split_max_values: params.splitMaxValues,
      log_format: logFormat,
      log_source: values.LOG_SOURCE,
    },
    testFiles: { inputs: samples.map((line) => ({ line })), inference_params: {}, predictions },
    datasets: [
      { name: 'training', uri: training.uri, digest: training.digest ?? windows.digest },
      { name: 'training-windows', uri: ARTIFACTS.windows, digest: windows.digest },
      ...(evalDigest ? [{ name: 'evaluation', uri: evalUri, digest: evalDigest }] : []),
    ],
  };
}
