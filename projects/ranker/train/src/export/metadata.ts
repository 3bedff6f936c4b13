import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The sidecar `<model file>.metadata.json` written beside every exported model. */
export interface ModelMetadata {
  version: string;
  description: string;
  author: string;
  dataset_size: number;
  features: string[];
  training_date: string;
  model_type: string;
  export_format: 'json' | 'onnx';
  /** Seconds since the epoch, as the original wrote it. */
  export_timestamp: number;
  /** sha256 of the model file's bytes, hex. */
  sha256: string;
  [key: string]: unknown;
}

/** Where a model's sidecar lives: the model's full file name plus `.metadata.json`. */
export function sidecarPath(modelPath: string): string {
  return `${modelPath}.metadata.json`;
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Writes the sidecar of a model file; `fields` override the defaults (but never the digest). */
export function writeSidecar(
  modelPath: string,
  fields: Partial<ModelMetadata> &
    Pick<ModelMetadata, 'export_format' | 'features' | 'dataset_size'>,
  now = new Date(),
): ModelMetadata {
  const metadata: ModelMetadata = {
    version: '1.0.0',
    description: 'Process ranker for SmoothTask (LambdaMART)',
    author: 'mesh ranker-train',
    training_date: now.toISOString().slice(0, 10),
    model_type: 'LambdaMART',
    export_timestamp: now.getTime() / 1000,
    ...fields,
    sha256: sha256Of(modelPath),
  };
  writeFileSync(sidecarPath(modelPath), `${JSON.stringify(metadata, null, 2)}\n`);
  return metadata;
}

/** One exported model in versions.json. */
export interface VersionEntry {
  version: string;
  file: string;
  format: 'json' | 'onnx';
  sha256: string;
  exported_at: string;
}

/**
 * Adds an exported model to `versions.json` in its folder (a list of exported versions, newest
 * last). Sidecars are never entries: a path ending in `.metadata.json` is refused.
 */
export function recordVersion(modelPath: string, metadata: ModelMetadata): VersionEntry[] {
  if (modelPath.endsWith('.metadata.json'))
    throw new Error(`${modelPath} is a metadata sidecar, not a model`);
  const manifest = join(dirname(modelPath), 'versions.json');
  let entries: VersionEntry[] = [];
  if (existsSync(manifest)) {
    try {
      entries = JSON.parse(readFileSync(manifest, 'utf8')) as VersionEntry[];
      if (!Array.isArray(entries)) throw new Error('not a list');
    } catch (error) {
      throw new Error(
        `${manifest}: not a versions manifest (${(error as Error).message}); move it away to start a new one`,
      );
    }
  }
  const entry: VersionEntry = {
    version: metadata.version,
    file: basename(modelPath),
    format: metadata.export_format,
    sha256: metadata.sha256,
    exported_at: new Date(metadata.export_timestamp * 1000).toISOString(),
  };
  entries = entries.filter(
    (existing) => !(existing.file === entry.file && existing.sha256 === entry.sha256),
  );
  entries.push(entry);
  writeFileSync(manifest, `${JSON.stringify(entries, null, 2)}\n`);
  return entries;
}
