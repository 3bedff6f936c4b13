import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rankingReport } from '@mesh/ltr';
import { checkSnapshot, type SnapshotRows } from './data/check-record';
import { loadLabelled, type DataFormat } from './data/load';
import { datasetOfSnapshots } from './model/dataset';
import { encodeFeatures } from './model/features';
import { RankerModel } from './model/ranker-model';
import { encode } from './model/train';
import { MODEL_JSON } from './model-files';
import type { EvaluateOptions, EvaluationResult, Predictor } from '@mesh/pipeline';
export type { EvaluationResult, Predictor } from '@mesh/pipeline';

function loadModel(modelDir: string): RankerModel {
  const path = join(modelDir, MODEL_JSON);
  if (!existsSync(path))
    throw new Error(`${modelDir}: no ${MODEL_JSON} (a ranker-train run folder holds one)`);
  return RankerModel.load(path);
}

/**
 * Loads a version's JSON model. `predict` takes snapshot objects (the daemon's JSONL shape; for a
 * model trained on SVMlight data, `{ "features": [v1, v2, ...] }` objects) and returns, per
 * snapshot, its processes ranked best first with their scores:
 * `{ snapshot_id, ranking: [{ pid, score, rank }] }` (SVMlight: `{ score }`).
 */
export async function loadPredictor(modelDir: string): Promise<Predictor> {
  const model = loadModel(modelDir);
  const width = model.ensemble.numFeatures;
  return {
    async predict(inputs) {
      if (!Array.isArray(inputs)) throw new Error('inputs must be a list of objects');
      if (model.input === 'svmlight') {
        const rows = new Float32Array(inputs.length * width);
        inputs.forEach((input, i) => {
          const features = (input as { features?: unknown }).features;
          if (
            !Array.isArray(features) ||
            features.length !== width ||
            !features.every((v) => v === null || typeof v === 'number')
          )
            throw new Error(
              `inputs[${i}].features must be a list of ${width} numbers (null = missing)`,
            );
          features.forEach(
            (value, f) => (rows[i * width + f] = value === null ? NaN : (value as number)),
          );
        });
        return Array.from(model.ensemble.predict(rows), (score) => ({ score }));
      }
      const checked: SnapshotRows[] = inputs.map((input, i) => {
        const problems: string[] = [];
        const rows = checkSnapshot(input, problems);
        if (!rows) throw new Error(`inputs[${i}].${problems[0]}`);
        return rows;
      });
      return checked.map((rows) => {
        const dataset = datasetOfSnapshots([rows], false);
        const scores = model.ensemble.predict(encodeFeatures(dataset.rows, model.encoding));
        const ranking = dataset.pids
          .map((pid, r) => ({ pid, score: scores[r] }))
          .sort((a, b) => b.score - a.score || a.pid - b.pid)
          .map((entry, rank) => ({ ...entry, rank: rank + 1 }));
        return { snapshot_id: rows.snapshot.snapshot_id, ranking };
      });
    },
  };
}

/**
 * Scores the version in modelDir on labelled data in the format it was trained on (snapshot
 * files or SVMlight), with the training run's readers, checks and metric code: NDCG@1/5/10 and
 * MAP, both empty-query conventions.
 */
export async function evaluate(
  modelDir: string,
  dataUri: string,
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const model = loadModel(modelDir);
  const format: DataFormat = model.input;
  const data = await loadLabelled(
    dataUri
      .split(',')
      .map((uri) => uri.trim())
      .filter(Boolean),
    format,
    {
      cwd: options.cwd,
      gates: { minSnapshots: 0, minProcesses: 0, minGroups: 0 },
      onProgress: (done) => options.onProgress?.(done),
    },
  );
  const encoded = encode(data, model.encoding, model.relevance);
  const metrics = rankingReport(
    encoded.labels,
    model.ensemble.predict(encoded.features),
    encoded.offsets,
  );
  return {
    metrics,
    records: encoded.labels.length,
    digest: data.inputs.map((input) => input.digest).join(','),
  };
}
