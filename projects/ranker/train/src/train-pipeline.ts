import { writeFileSync } from 'node:fs';
import type { RunContext, RunSummary } from '@mesh/pipeline';
import { loadLabelled, type DataFormat, type LabelledData } from './data/load';
import type { DataGates } from './data/validate';
import { recordVersion, writeSidecar } from './export/metadata';
import { checkOnnxMatchesJson, writeOnnx } from './export/onnx';
import { computeBaselines, type BaselineResult } from './model/baselines';
import { makePlots } from './model/plots';
import { encode, scoreReport, splitByQuery, trainRanker, type RankerParams } from './model/train';
import { dataUris, SAMPLE_DATA, type RankerSettingsSpec } from './settings';
import { sampleFeatureRows, sampleSnapshots, writeTestFiles } from './test-files';

import { MODEL_JSON, MODEL_ONNX } from './model-files';

export { MODEL_JSON, MODEL_ONNX } from './model-files';

/** The model is not better than the baselines by the required margin. */
export class QualityGateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Hyperparameters from the settings. */
export function paramsOf(values: RunContext<RankerSettingsSpec>['values']): RankerParams {
  return {
    iterations: values.ITERATIONS,
    depth: values.DEPTH,
    learningRate: values.LEARNING_RATE,
    seed: values.SEED,
    earlyStoppingRounds: values.EARLY_STOPPING_ROUNDS,
    validationFraction: values.VALIDATION_FRACTION,
    evalAt: values.EVAL_AT,
    maxBins: values.MAX_BINS,
    l2: values.L2_LEAF_REG,
    relevanceLevels: values.RELEVANCE_LEVELS,
  };
}

/**
 * ranker/train: collect and validate the snapshots -> split by snapshot -> LambdaMART with early
 * stopping -> NDCG@1/5/10 and MAP on the evaluation data against the baselines (the gate) -> JSON
 * and ONNX models with sidecars (ONNX checked against JSON in onnxruntime), versions.json,
 * plots.json, statistics, model card.
 */
export async function trainPipeline(context: RunContext<RankerSettingsSpec>): Promise<RunSummary> {
  const { values, output, run, componentRoot } = context;
  const format = values.DATA_FORMAT as DataFormat;
  const params = paramsOf(values);
  if (!(params.validationFraction > 0 && params.validationFraction < 1))
    throw new Error(`VALIDATION_FRACTION must be in (0, 1), got ${params.validationFraction}`);
  const gates: DataGates = {
    minSnapshots: values.MIN_SNAPSHOTS,
    minProcesses: values.MIN_PROCESSES,
    minGroups: values.MIN_GROUPS,
  };
  const uris = dataUris(values);
  if (uris.training.length === 0)
    throw new Error('TRAINING_DATA_URI is empty: give the snapshot files to train on');
  const read = (title: string, list: string[]) =>
    output.step(`${title} (${list.join(', ')})`, (progress) =>
      loadLabelled(list, format, {
        cwd: componentRoot,
        gates,
        onProgress: (done) =>
          progress.update(done, undefined, format === 'svmlight' ? 'lines' : 'snapshots'),
      }),
    );
  const data = await read('Collecting and validating training data', uris.training);
  if (data.statistics) output.info(describeStatistics(data.statistics));
  if (format === 'svmlight' && uris.evaluation.join(',') === SAMPLE_DATA.evaluation) {
    // The shipped evaluation data are snapshots: SVMlight runs evaluate on their validation queries.
    output.info(
      `DATA_FORMAT=svmlight: ${SAMPLE_DATA.evaluation} holds snapshots, so the validation queries are the evaluation data (set EVAL_DATA_URI to an SVMlight test file)`,
    );
    uris.evaluation = [];
  }
  const evaluationData: LabelledData | undefined =
    uris.evaluation.length > 0
      ? await read('Collecting and validating evaluation data', uris.evaluation)
      : undefined;

  const { train, validation } = splitByQuery(data, params.validationFraction, params.seed);
  const trained = await output.step(
    `Training LambdaMART (up to ${params.iterations} trees, depth ${params.depth})`,
    async (progress) =>
      trainRanker(train, validation, params, (round, total, ndcg) =>
        progress.update(round, total, `trees, validation NDCG@${params.evalAt} ${ndcg.toFixed(4)}`),
      ),
  );
  const { model, history } = trained;
  output.info(
    `${model.ensemble.trees.length} trees kept (best validation NDCG@${params.evalAt} ${history.validationNdcg[history.bestIteration - 1]?.toFixed(4)} at round ${history.bestIteration}${history.stoppedEarly ? ', stopped early' : ''})`,
  );
  const evaluated = evaluationData
    ? encode(evaluationData, model.encoding, model.relevance)
    : trained.validation!;
  const metrics = scoreReport(model, evaluated);
  const baselines = computeBaselines(evaluated, trained.train, model.input);
  output.info(describeComparison(metrics, baselines));
  const failures = gateFailures(metrics['ndcg@5'], baselines, values.MIN_MARGIN_OVER_BASELINES);
  if (failures.length > 0)
    throw new QualityGateError(
      `NDCG@5 ${metrics['ndcg@5'].toFixed(4)} ${failures.join('; ')}; nothing was kept`,
    );

  const datasetSize = trained.train.labels.length + (trained.validation?.labels.length ?? 0);
  const exported = await output.step(
    'Writing the JSON and ONNX models, sidecars and reports',
    async () => {
      const jsonPath = run.file(MODEL_JSON);
      model.save(jsonPath);
      const common = {
        dataset_size: datasetSize,
        features: model.ensemble.featureNames,
        training_date: context.startedAt.toISOString().slice(0, 10),
      };
      const jsonMeta = writeSidecar(
        jsonPath,
        { ...common, export_format: 'json' },
        context.startedAt,
      );
      recordVersion(jsonPath, jsonMeta);
      let onnxCheck: { maxAbsDiff: number; rows: number } | undefined;
      if (values.EXPORT_ONNX) {
        const onnxPath = run.file(MODEL_ONNX);
        writeOnnx(model, onnxPath);
        onnxCheck = await checkOnnxMatchesJson(model, onnxPath, evaluated.features);
        const onnxMeta = writeSidecar(
          onnxPath,
          { ...common, export_format: 'onnx' },
          context.startedAt,
        );
        recordVersion(onnxPath, onnxMeta);
      }
      writeFileSync(
        run.file('plots.json'),
        `${JSON.stringify(makePlots(model, evaluated, baselines, history), null, 2)}\n`,
      );
      writeFileSync(
        run.file('evaluation.json'),
        `${JSON.stringify({ metrics, baselines, statistics: data.statistics ?? null, history, onnx: onnxCheck ?? null }, null, 2)}\n`,
      );
      return onnxCheck;
    },
  );
  if (exported)
    output.info(
      `ONNX scores match the JSON model's on ${exported.rows} rows (max |diff| ${exported.maxAbsDiff.toExponential(2)})`,
    );

  const testFiles = await output.step('Predicting the test inputs with the stored model', () =>
    writeTestFiles(
      run.path,
      model.input === 'svmlight'
        ? sampleFeatureRows(evaluated.features, model.ensemble.numFeatures)
        : sampleSnapshots(componentRoot),
    ),
  );

  const headline: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) headline[key] = value;
  for (const baseline of baselines)
    headline[`baseline_${baseline.name.replace(/[^a-z0-9_]/gi, '_')}_ndcg@5`] =
      baseline.metrics['ndcg@5'];
  if (exported) headline.onnx_max_abs_diff = exported.maxAbsDiff;
  return {
    metrics: headline,
    params: {
      ...model.params,
      objective: 'LambdaMART (LambdaRank gradients, NDCG deltas)',
      data_format: format,
    },
    card: {
      name: 'ranker-train',
      model_type: 'LambdaMART',
      method: 'LambdaMART (Burges 2010) on histogram gradient-boosted trees (@mesh/ltr)',
      created: context.startedAt.toISOString(),
      features: model.ensemble.featureNames,
      categories: model.encoding.categories,
      relevance: model.relevance,
      metrics,
      baselines,
      statistics: data.statistics ?? null,
      lineage: {
        git_sha: context.git.sha,
        git_branch: context.git.branch,
        git_dirty: context.git.dirty,
      },
      settings: context.settings.redacted(),
    },
    testFiles: {
      inputs: testFiles.files.inputs,
      inference_params: testFiles.files.inferenceParams,
      predictions: testFiles.files.predictions,
    },
    datasets: [
      ...data.inputs.map((input) => ({ name: 'training', uri: input.uri, digest: input.digest })),
      ...(evaluationData?.inputs ?? []).map((input) => ({
        name: 'evaluation',
        uri: input.uri,
        digest: input.digest,
      })),
    ],
  };
}

function describeStatistics(s: NonNullable<LabelledData['statistics']>): string {
  const outliers = s.outliers.map((o) => `${o.column} ${o.outliers}`).join(', ');
  return (
    `${s.snapshot_count} snapshots (${s.first_timestamp} .. ${s.last_timestamp}), ${s.process_count} processes ` +
    `(${s.unique_processes} distinct pids), ${s.group_count} app groups (${s.unique_groups} distinct)` +
    (outliers ? `; IQR outliers kept: ${outliers}` : '')
  );
}

function describeComparison(metrics: Record<string, number>, baselines: BaselineResult[]): string {
  const row = (name: string, m: Record<string, number>) =>
    `${name}: NDCG@1 ${m['ndcg@1'].toFixed(4)}, NDCG@5 ${m['ndcg@5'].toFixed(4)}, NDCG@10 ${m['ndcg@10'].toFixed(4)}, MAP ${m.map.toFixed(4)}`;
  return [row('model', metrics), ...baselines.map((b) => row(b.name, b.metrics))].join('\n');
}

/**
 * The quality gate: NDCG@5 must beat the random order by `margin` and every other baseline at
 * all (an informed baseline such as one strong LETOR feature can be close to a good model on
 * real data, so a fixed margin over it would fail good models).
 */
export function gateFailures(ndcg5: number, baselines: BaselineResult[], margin: number): string[] {
  const failures: string[] = [];
  for (const baseline of baselines) {
    const needed =
      baseline.name === 'random' ? baseline.metrics['ndcg@5'] + margin : baseline.metrics['ndcg@5'];
    if (!(ndcg5 > needed || (baseline.name === 'random' && ndcg5 >= needed)))
      failures.push(
        baseline.name === 'random'
          ? `does not beat the random order (${baseline.metrics['ndcg@5'].toFixed(4)}) by MIN_MARGIN_OVER_BASELINES=${margin}`
          : `does not beat the baseline ${baseline.name} (${baseline.metrics['ndcg@5'].toFixed(4)})`,
      );
  }
  return failures;
}
