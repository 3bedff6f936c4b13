import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { RankerModel } from '../model/ranker-model';
import { sha256Of, sidecarPath, type ModelMetadata } from './metadata';
import { scoreWithOnnx } from './onnx';

/** Smallest plausible model file (the original's default was 1024 bytes). */
export const MIN_MODEL_BYTES = 256;

/** One check of {@link validateExportedModel}. */
export interface ValidationCheck {
  check: string;
  ok: boolean;
  detail: string;
}

/**
 * Checks an exported model: it exists, is at least `minSize` bytes, has the format's extension,
 * has a readable sidecar whose sha256 matches, and scores real rows to finite numbers (an ONNX
 * file through onnxruntime). Returns every check; `ok` is true when all passed.
 */
export async function validateExportedModel(
  path: string,
  format: 'json' | 'onnx',
  options: { rows: Float32Array; numFeatures: number; minSize?: number; requireSidecar?: boolean },
): Promise<{ ok: boolean; checks: ValidationCheck[] }> {
  const checks: ValidationCheck[] = [];
  const add = (check: string, ok: boolean, detail: string) => checks.push({ check, ok, detail });
  if (!existsSync(path)) {
    add('exists', false, `${path} does not exist`);
    return { ok: false, checks };
  }
  add('exists', true, path);
  const size = statSync(path).size;
  const minSize = options.minSize ?? MIN_MODEL_BYTES;
  add('size', size >= minSize, `${size} bytes (minimum ${minSize})`);
  add(
    'extension',
    extname(path) === `.${format}`,
    `${extname(path) || '(none)'} for format ${format}`,
  );
  if (options.requireSidecar ?? true) {
    const sidecar = sidecarPath(path);
    try {
      const metadata = JSON.parse(readFileSync(sidecar, 'utf8')) as ModelMetadata;
      const digest = sha256Of(path);
      add(
        'sidecar',
        metadata.sha256 === digest,
        metadata.sha256 === digest
          ? sidecar
          : `${sidecar}: sha256 ${metadata.sha256} but the file is ${digest}`,
      );
    } catch (error) {
      add('sidecar', false, `${sidecar}: ${(error as Error).message}`);
    }
  }
  try {
    const rows = options.rows.length / options.numFeatures;
    const scores =
      format === 'json'
        ? RankerModel.load(path).ensemble.predict(options.rows)
        : await scoreWithOnnx(path, options.rows, options.numFeatures);
    const finite = Array.from(scores).every(Number.isFinite);
    add(
      'prediction',
      finite && scores.length === rows,
      `${scores.length} scores for ${rows} rows${finite ? '' : ', some not finite'}`,
    );
  } catch (error) {
    add('prediction', false, (error as Error).message);
  }
  return { ok: checks.every((check) => check.ok), checks };
}
