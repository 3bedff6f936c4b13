import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Predictor } from '@mesh/pipeline';
import { InferenceError } from './errors';

/** Options of {@link predictJsonLines}. */
export interface PredictJsonLinesOptions {
  predictor: Predictor;
  /** JSON Lines, one input object per line; blank lines are skipped. */
  input: Readable;
  /** Where the outputs go, one JSON object per line, in input order. */
  output: Writable;
  /** Names the input in errors (a path, or `stdin`). */
  source: string;
  /** Inputs handed to the predictor at once. Default: 64. */
  batchSize?: number;
  /** Called after each batch with the number of records predicted so far. */
  onProgress?: (records: number) => void;
}

/**
 * Streams JSONL inputs through a predictor in batches and writes one JSONL output per input.
 * A line that is not a JSON object, or an input the predictor refuses, fails with the source
 * and line number and the predictor's own message (which names the field).
 */
export async function predictJsonLines(options: PredictJsonLinesOptions): Promise<number> {
  const { predictor, source } = options;
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new InferenceError(`batch size must be a whole number of 1 or more (got ${batchSize})`);
  let batch: Array<{ line: number; value: Record<string, unknown> }> = [];
  let records = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const outputs = await predictBatch(predictor, batch, source);
    let text = '';
    for (const output of outputs) text += `${JSON.stringify(output)}\n`;
    if (!options.output.write(text)) await once(options.output, 'drain');
    records += batch.length;
    batch = [];
    options.onProgress?.(records);
  };

  let line = 0;
  const lines = createInterface({ input: options.input, crlfDelay: Infinity });
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InferenceError(
        `${source}:${line}: not valid JSON (${(error as Error).message}); give one JSON object per line`,
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new InferenceError(`${source}:${line}: expected a JSON object, got ${kind(value)}`);
    batch.push({ line, value: value as Record<string, unknown> });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  if (records === 0) throw new InferenceError(`${source}: no inputs (expected JSON Lines)`);
  return records;
}

async function predictBatch(
  predictor: Predictor,
  batch: Array<{ line: number; value: Record<string, unknown> }>,
  source: string,
): Promise<Record<string, unknown>[]> {
  let outputs: Record<string, unknown>[];
  try {
    outputs = await predictor.predict(batch.map((entry) => entry.value));
  } catch (error) {
    // Find the input at fault, so the error names its line rather than its place in the batch.
    for (const entry of batch) {
      try {
        await predictor.predict([entry.value]);
      } catch (single) {
        throw new InferenceError(
          `${source}:${entry.line}: ${(single as Error).message.replace(/^input 1 of the batch: /, '')}`,
          { cause: single },
        );
      }
    }
    throw new InferenceError(
      `${source}: lines ${batch[0].line}-${batch[batch.length - 1].line}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!Array.isArray(outputs) || outputs.length !== batch.length)
    throw new InferenceError(
      `the predictor answered ${Array.isArray(outputs) ? outputs.length : 'no list'} outputs for ${batch.length} inputs (lines ${batch[0].line}-${batch[batch.length - 1].line}): it must return one output per input`,
    );
  return outputs;
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
