import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Output } from '@mesh/output';
import type { LabelledData } from '../data/load';
import { recordVersion, writeSidecar } from '../export/metadata';
import { checkOnnxMatchesJson, writeOnnx } from '../export/onnx';
import { computeBaselines } from '../model/baselines';
import {
  DEFAULT_PARAMS,
  scoreReport,
  splitByQuery,
  trainRanker,
  type RankerParams,
} from '../model/train';

/** Trains on labelled data (validation split by snapshot), reports, writes JSON (and ONNX) with sidecars. */
export async function trainAndExport(
  output: Output,
  data: LabelledData,
  paths: { modelJson: string; modelOnnx?: string },
  params: RankerParams = DEFAULT_PARAMS,
): Promise<Record<string, number>> {
  if (data.statistics) {
    const s = data.statistics;
    output.info(
      `Snapshots: ${s.snapshot_count}, processes: ${s.process_count} (unique pids ${s.unique_processes}), groups: ${s.group_count} (unique ${s.unique_groups}), ${s.first_timestamp} .. ${s.last_timestamp}`,
    );
    for (const o of s.outliers)
      output.info(
        `  outliers (IQR, kept): ${o.table}.${o.column}: ${o.outliers} of ${o.values} outside [${o.low}, ${o.high}]`,
      );
  }
  const queries = (data.snapshots?.offsets.length ?? data.svmlight!.offsets.length) - 1;
  if (queries < 2)
    throw new Error(
      `${queries} labelled snapshot(s): training needs at least 2 (one for validation)`,
    );
  const { train, validation } = splitByQuery(data, params.validationFraction, params.seed);
  const trained = await output.step(
    `Training LambdaMART (up to ${params.iterations} trees, depth ${params.depth})`,
    async (progress) =>
      trainRanker(train, validation, params, (round, total, ndcg) =>
        progress.update(round, total, `trees, validation NDCG ${ndcg.toFixed(4)}`),
      ),
  );
  const metrics = scoreReport(trained.model, trained.validation!);
  const baselines = computeBaselines(trained.validation!, trained.train, trained.model.input);
  output.info(
    `Validation (${trained.validation!.offsets.length - 1} snapshots): ` +
      ['ndcg@1', 'ndcg@5', 'ndcg@10', 'map']
        .map((key) => `${key.toUpperCase()} ${metrics[key].toFixed(4)}`)
        .join(', ') +
      `; baselines NDCG@5: ${baselines.map((b) => `${b.name} ${b.metrics['ndcg@5'].toFixed(4)}`).join(', ')}`,
  );
  const datasetSize = trained.train.labels.length + trained.validation!.labels.length;
  const common = { dataset_size: datasetSize, features: trained.model.ensemble.featureNames };
  mkdirSync(dirname(paths.modelJson), { recursive: true });
  trained.model.save(paths.modelJson);
  recordVersion(
    paths.modelJson,
    writeSidecar(paths.modelJson, { ...common, export_format: 'json' }),
  );
  output.info(
    `Wrote ${paths.modelJson} (${trained.model.ensemble.trees.length} trees) and its .metadata.json`,
  );
  if (paths.modelOnnx) {
    mkdirSync(dirname(paths.modelOnnx), { recursive: true });
    writeOnnx(trained.model, paths.modelOnnx);
    const check = await checkOnnxMatchesJson(
      trained.model,
      paths.modelOnnx,
      trained.validation!.features,
    );
    recordVersion(
      paths.modelOnnx,
      writeSidecar(paths.modelOnnx, { ...common, export_format: 'onnx' }),
    );
    output.info(
      `Wrote ${paths.modelOnnx}; onnxruntime matches the JSON model (max |diff| ${check.maxAbsDiff.toExponential(2)} on ${check.rows} rows)`,
    );
  }
  return metrics;
}

/** Hyperparameter flags shared by the training commands. */
export const PARAM_FLAGS = {
  iterations: 'number',
  depth: 'number',
  'learning-rate': 'number',
  seed: 'number',
} as const;

export function paramsFromFlags(flags: Record<string, unknown>): RankerParams {
  return {
    ...DEFAULT_PARAMS,
    iterations: (flags.iterations as number | undefined) ?? DEFAULT_PARAMS.iterations,
    depth: (flags.depth as number | undefined) ?? DEFAULT_PARAMS.depth,
    learningRate: (flags['learning-rate'] as number | undefined) ?? DEFAULT_PARAMS.learningRate,
    seed: (flags.seed as number | undefined) ?? DEFAULT_PARAMS.seed,
  };
}
