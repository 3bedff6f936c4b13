import { closeSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_THRESHOLD, loadPredictor } from './predict';

/** How many sample edits a run stores. */
export const TEST_INPUT_COUNT = 3;
/** The folder (in the run folder) holding the stored test files. */
export const TEST_FILES_DIR = 'test-files';

/** A version's test files: sample predictor inputs, the inference params and the predictions. */
export interface TestFiles {
  /** `{ id, xml }`: the edit's EditID and its `<WPEdit>` element as XML text. */
  inputs: Array<{ id: string; xml: string }>;
  /** The threshold `isVandalism` is decided at. */
  inferenceParams: { threshold: number };
  predictions: Array<Record<string, unknown>>;
}

/**
 * The first `count` `<WPEdit>` elements of an edit-set file, read in chunks so a large set is not
 * read whole. Each comes back as `{ id, xml }`, a shape the predictor takes as it is.
 */
export function sampleEdits(path: string, count = TEST_INPUT_COUNT): TestFiles['inputs'] {
  const edits: TestFiles['inputs'] = [];
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 16);
    let text = '';
    let bytes: number;
    while (edits.length < count && (bytes = readSync(fd, chunk, 0, chunk.length, null)) > 0) {
      text += chunk.toString('utf8', 0, bytes);
      let end: number;
      while (edits.length < count && (end = text.indexOf('</WPEdit>')) >= 0) {
        const start = text.lastIndexOf('<WPEdit>', end);
        const xml = text.slice(start, end + '</WPEdit>'.length);
        text = text.slice(end + '</WPEdit>'.length);
        if (start < 0) continue;
        const id = /<EditID>([^<]*)<\/EditID>/.exec(xml)?.[1] ?? String(edits.length);
        edits.push({ id, xml });
      }
    }
  } finally {
    closeSync(fd);
  }
  if (edits.length === 0) throw new Error(`${path}: no <WPEdit> element to store as a test input`);
  return edits;
}

/**
 * Predicts the inputs with the predictor loaded from the run folder (the one `mesh predict` and
 * `mesh models verify` load, so the stored predictions are what they reproduce) and writes
 * `test-files/{inputs,inference_params,predictions}.json`. Returns the files and their paths
 * relative to the run folder.
 */
export async function writeTestFiles(
  runFolder: string,
  inputs: TestFiles['inputs'],
): Promise<{ files: TestFiles; written: string[] }> {
  const predictor = await loadPredictor(runFolder);
  let predictions: Array<Record<string, unknown>>;
  try {
    predictions = await predictor.predict(inputs);
  } finally {
    await predictor.close?.();
  }
  const files: TestFiles = {
    inputs,
    inferenceParams: { threshold: DEFAULT_THRESHOLD },
    predictions,
  };
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
