import { isDeepStrictEqual } from 'node:util';
import type { Predictor } from '@mesh/pipeline';
import { InferenceError, VerificationError } from './errors';

/** What {@link verifyPredictions} checked. */
export interface VerificationReport {
  /** Stored inputs re-predicted. */
  checked: number;
}

/** Numbers are compared to this relative tolerance, so a JSON round trip never counts as a change. */
const TOLERANCE = 1e-9;

/**
 * Re-runs a version's stored test inputs through its predictor and compares each output with
 * the stored prediction: every field the predictor returns must equal the stored one (numbers
 * to a relative 1e-9); fields only the stored prediction has, such as an `id` copied from the
 * input, are not compared. Throws {@link VerificationError} at the first difference.
 */
export async function verifyPredictions(
  predictor: Predictor,
  testFiles: Record<string, unknown>,
  versionId: string,
): Promise<VerificationReport> {
  const inputs = testFiles.inputs;
  const predictions = testFiles.predictions;
  if (!Array.isArray(inputs) || !Array.isArray(predictions) || inputs.length === 0)
    throw new InferenceError(
      `${versionId} has no stored test files to verify against (inputs and predictions): its component must return testFiles from its pipeline.`,
    );
  if (inputs.length !== predictions.length)
    throw new InferenceError(
      `${versionId}: ${inputs.length} stored inputs but ${predictions.length} stored predictions`,
    );
  const outputs = await predictor.predict(inputs as Record<string, unknown>[]);
  for (const [index, output] of outputs.entries()) {
    const stored = predictions[index] as Record<string, unknown>;
    for (const [field, value] of Object.entries(output)) {
      const difference = firstDifference(stored?.[field], value, field);
      if (difference) {
        const id = (inputs[index] as { id?: unknown }).id;
        throw new VerificationError(
          `${versionId}: input ${index + 1}${id !== undefined ? ` (id ${JSON.stringify(id)})` : ''} differs from the stored prediction at ${difference}`,
        );
      }
    }
  }
  return { checked: outputs.length };
}

function firstDifference(stored: unknown, actual: unknown, path: string): string | undefined {
  if (typeof stored === 'number' && typeof actual === 'number') {
    const scale = Math.max(Math.abs(stored), Math.abs(actual), 1e-300);
    return Math.abs(stored - actual) / scale <= TOLERANCE || stored === actual
      ? undefined
      : `${path}: stored ${stored}, now ${actual}`;
  }
  if (Array.isArray(stored) && Array.isArray(actual)) {
    if (stored.length !== actual.length)
      return `${path}: stored ${stored.length} items, now ${actual.length}`;
    for (const [index, item] of stored.entries()) {
      const found = firstDifference(item, actual[index], `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isObject(stored) && isObject(actual)) {
    for (const key of new Set([...Object.keys(stored), ...Object.keys(actual)])) {
      const found = firstDifference(stored[key], actual[key], `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  return isDeepStrictEqual(stored, actual)
    ? undefined
    : `${path}: stored ${JSON.stringify(stored)}, now ${JSON.stringify(actual)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
