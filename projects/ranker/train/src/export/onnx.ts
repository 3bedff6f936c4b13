import { writeArtifactFileSync } from '@mesh/model-store';
import { treeEnsembleRegressorModel } from '@mesh/onnx';
import type { RankerModel } from '../model/ranker-model';

/** Largest |ONNX score - JSON score| the export accepts. */
export const ONNX_TOLERANCE = 1e-5;

/**
 * Writes the model as ONNX: one ai.onnx.ml TreeEnsembleRegressor over the float32 feature vector
 * in the JSON model's column order. Categorical features are inputs too, as their category codes
 * (the JSON model's `categories`; also stored in the ONNX metadata), so ONNX keeps them.
 */
export function writeOnnx(model: RankerModel, path: string): void {
  const json = model.toJSON();
  const bytes = treeEnsembleRegressorModel({
    trees: model.ensemble.trees,
    numFeatures: model.ensemble.numFeatures,
    baseScore: model.ensemble.baseScore,
    graphName: 'ranker',
    producerName: 'mesh ranker-train',
    docString:
      'Scores processes (higher = more important). Input: float32 [N, F] in feature_names order; categorical features as their codes in categories (unseen: NaN).',
    metadata: {
      format: json.format,
      input: json.input,
      feature_names: JSON.stringify(json.feature_names),
      categorical_features: JSON.stringify(json.categorical_features),
      categories: JSON.stringify(json.categories),
    },
  });
  writeArtifactFileSync(path, bytes);
}

/** Scores rows (row-major float32, numFeatures wide) with onnxruntime. */
export async function scoreWithOnnx(
  path: string,
  features: Float32Array,
  numFeatures: number,
): Promise<Float32Array> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(path);
  try {
    const rows = features.length / numFeatures;
    const result = await session.run({
      input: new ort.Tensor('float32', features, [rows, numFeatures]),
    });
    return result.score.data as Float32Array;
  } finally {
    await session.release();
  }
}

/**
 * Loads the ONNX file in onnxruntime and compares its scores with the JSON model's on the rows;
 * throws when the largest difference is above {@link ONNX_TOLERANCE}. Returns that difference.
 */
export async function checkOnnxMatchesJson(
  model: RankerModel,
  onnxPath: string,
  features: Float32Array,
): Promise<{ maxAbsDiff: number; rows: number }> {
  const width = model.ensemble.numFeatures;
  const expected = model.ensemble.predict(features);
  const actual = await scoreWithOnnx(onnxPath, features, width);
  let maxAbsDiff = 0;
  for (let r = 0; r < expected.length; r++)
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(expected[r] - actual[r]));
  if (!(maxAbsDiff <= ONNX_TOLERANCE))
    throw new Error(
      `${onnxPath}: onnxruntime scores differ from the JSON model's by up to ${maxAbsDiff} (> ${ONNX_TOLERANCE}) on ${expected.length} rows`,
    );
  return { maxAbsDiff, rows: expected.length };
}
