import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { RankingData } from './lambdamart';

/** A ranking data set read from SVMlight/LETOR text, with the query ids of its groups. */
export interface SvmlightData extends RankingData {
  queryIds: string[];
}

/**
 * Parses SVMlight/LETOR ranking text, one document per line: `<relevance> qid:<id> <index>:<value> ...`
 * with 1-based feature indices and an optional `# comment`. An absent feature is 0 (the format's
 * sparse convention). Documents are grouped by qid, in order of first appearance. `numFeatures`
 * defaults to the largest index seen. Errors name the source and line.
 */
export async function readSvmlight(
  input: Readable,
  source: string,
  options: { numFeatures?: number; onProgress?: (lines: number) => void } = {},
): Promise<SvmlightData> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  const byQuery = new Map<string, Array<{ label: number; values: Map<number, number> }>>();
  let maxIndex = 0;
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (lineNumber % 10000 === 0) options.onProgress?.(lineNumber);
    const text = raw.replace(/#.*$/, '').trim();
    if (!text) continue;
    const fail = (what: string) => {
      throw new Error(
        `${source}:${lineNumber}: ${what} (expected "<relevance> qid:<id> <index>:<value> ...")`,
      );
    };
    const tokens = text.split(/\s+/);
    const label = Number(tokens[0]);
    if (!Number.isFinite(label)) fail(`relevance "${tokens[0]}" is not a number`);
    if (!tokens[1]?.startsWith('qid:') || tokens[1].length === 4)
      fail('missing qid:<id> after the relevance');
    const qid = tokens[1].slice(4);
    const values = new Map<number, number>();
    for (const token of tokens.slice(2)) {
      const colon = token.indexOf(':');
      const index = Number(token.slice(0, colon));
      const value = Number(token.slice(colon + 1));
      if (colon <= 0 || !Number.isInteger(index) || index < 1)
        fail(`"${token}" has no feature index >= 1`);
      if (token.slice(colon + 1) === '' || Number.isNaN(value))
        fail(`"${token}" has no numeric value`);
      if (options.numFeatures !== undefined && index > options.numFeatures)
        fail(`feature ${index} is beyond the ${options.numFeatures} features of the model`);
      values.set(index - 1, value);
      if (index > maxIndex) maxIndex = index;
    }
    let group = byQuery.get(qid);
    if (!group) byQuery.set(qid, (group = []));
    group.push({ label, values });
  }
  const numFeatures = options.numFeatures ?? maxIndex;
  const rows = [...byQuery.values()].reduce((sum, group) => sum + group.length, 0);
  if (rows === 0)
    throw new Error(
      `${source}: no documents (an SVMlight/LETOR file has lines "<relevance> qid:<id> <index>:<value> ...")`,
    );
  const features = new Float32Array(rows * numFeatures);
  const labels = new Float64Array(rows);
  const offsets = new Uint32Array(byQuery.size + 1);
  let row = 0;
  let q = 0;
  for (const group of byQuery.values()) {
    for (const document of group) {
      labels[row] = document.label;
      for (const [index, value] of document.values) features[row * numFeatures + index] = value;
      row++;
    }
    offsets[++q] = row;
  }
  return { features, numFeatures, labels, offsets, queryIds: [...byQuery.keys()] };
}

/** Reads an SVMlight/LETOR file, gzip-compressed or not (recognised by its magic bytes). */
export async function readSvmlightFile(
  path: string,
  options: { numFeatures?: number; onProgress?: (lines: number) => void } = {},
): Promise<SvmlightData> {
  const { open } = await import('node:fs/promises');
  let gzipped = false;
  const handle = await open(path, 'r').catch((error: Error) => {
    throw new Error(`${path}: cannot read (${error.message})`);
  });
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    gzipped = head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
  const stream = createReadStream(path);
  return readSvmlight(gzipped ? stream.pipe(createGunzip()) : stream, path, options);
}
