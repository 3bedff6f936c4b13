import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TEST_FILES_DIR } from './model-files';
import { loadPredictor } from './predict';
import { SAMPLE_DATA } from './settings';

/** How many sample inputs a run stores. */
export const TEST_INPUT_COUNT = 3;

/** A version's test files: sample predictor inputs, the inference params and the predictions. */
export interface TestFiles {
  /** Snapshot objects (snapshot runs) or `{ features }` rows (SVMlight runs). */
  inputs: Array<Record<string, unknown>>;
  /** The ranker's predictor takes no parameters: always `{}`. */
  inferenceParams: Record<string, never>;
  predictions: Array<Record<string, unknown>>;
}

/**
 * The first snapshots of the shipped evaluation data, exactly as the daemon writes them (the
 * predictor's input shape). The shipped data are used whatever the run trained on, so every
 * version of the component is checked on the same inputs.
 */
export function sampleSnapshots(componentRoot: string, count = TEST_INPUT_COUNT) {
  const path = join(componentRoot, SAMPLE_DATA.evaluation);
  const lines = gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, count);
  return lines.map((line, index) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${path}:${index + 1}: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** The first rows of an SVMlight feature matrix as `{ features }` inputs (NaN = missing = null). */
export function sampleFeatureRows(features: Float32Array, width: number, count = TEST_INPUT_COUNT) {
  const rows = Math.min(count, Math.floor(features.length / width));
  return Array.from({ length: rows }, (_, row) => ({
    features: Array.from(features.subarray(row * width, (row + 1) * width), (value) =>
      Number.isNaN(value) ? null : value,
    ),
  }));
}

/**
 * Predicts the inputs with the predictor loaded from the run folder (the one `mesh predict` and
 * `mesh models verify` load, so the stored predictions are what they reproduce) and writes
 * `test-files/{inputs,inference_params,predictions}.json`. Returns the files and their paths
 * relative to the run folder.
 */
export async function writeTestFiles(
  runFolder: string,
  inputs: Array<Record<string, unknown>>,
): Promise<{ files: TestFiles; written: string[] }> {
  const predictor = await loadPredictor(runFolder);
  let predictions: Array<Record<string, unknown>>;
  try {
    predictions = await predictor.predict(inputs);
  } finally {
    await predictor.close?.();
  }
  const files: TestFiles = { inputs, inferenceParams: {}, predictions };
  mkdirSync(join(runFolder, TEST_FILES_DIR), { recursive: true });
  const written: Array<[string, unknown]> = [
    ['inputs.json', files.inputs],
    ['inference_params.json', files.inferenceParams],
    ['predictions.json', files.predictions],
  ];
  return {
    files,
    written: written.map(([name, content]) => {
      writeFileSync(join(runFolder, TEST_FILES_DIR, name), `${JSON.stringify(content, null, 2)}\n`);
      return `${TEST_FILES_DIR}/${name}`;
    }),
  };
}
