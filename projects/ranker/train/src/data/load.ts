import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentOf, openUri } from '@mesh/data';
import { readSvmlight } from '@mesh/ltr';
import { datasetOfSnapshots, loadDataset, type SnapshotDataset } from '../model/dataset';
import { collectSnapshots, openSnapshotDatabase, type CollectResult } from './collect';
import { DEFAULT_GATES, validateDataset, type DataGates, type DatasetStatistics } from './validate';

/** The input formats: snapshot files (JSONL, JSONL.gz, SQLite) or SVMlight/LETOR text. */
export type DataFormat = 'snapshots' | 'svmlight';

/** Labelled rows grouped in queries, in either input format. */
export interface LabelledData {
  format: DataFormat;
  /** Snapshot processes with raw features (format snapshots). */
  snapshots?: SnapshotDataset;
  /** Numeric features (format svmlight). */
  svmlight?: {
    features: Float32Array;
    numFeatures: number;
    labels: number[];
    offsets: number[];
    queryIds: string[];
  };
  statistics?: DatasetStatistics;
  inputs: CollectResult['inputs'];
}

/** Where the snapshots go: a database file given, or a temporary one removed by `cleanup`. */
export interface LoadOptions {
  cwd: string;
  gates?: DataGates;
  /** Keep the collected database here; default: a temporary file. */
  database?: string;
  onProgress?: (done: number) => void;
}

/**
 * Reads labelled data: snapshot files are collected into SQLite, validated (gates included) and
 * loaded; a `.db`/`.sqlite` path is opened as a snapshot database; SVMlight text is parsed.
 */
export async function loadLabelled(
  uris: readonly string[],
  format: DataFormat,
  options: LoadOptions,
): Promise<LabelledData> {
  if (format === 'svmlight') {
    if (uris.length !== 1) throw new Error('DATA_FORMAT=svmlight reads one file');
    const opened = await openUri(uris[0], { cwd: options.cwd });
    const hash = createHash('sha256');
    let bytes = 0;
    opened.raw.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    const data = await readSvmlight(contentOf(opened), uris[0], { onProgress: options.onProgress });
    return {
      format,
      svmlight: { ...data, labels: Array.from(data.labels), offsets: Array.from(data.offsets) },
      inputs: [
        {
          uri: uris[0],
          location: opened.location,
          digest: `sha256:${hash.digest('hex')}`,
          bytes,
          kind: 'jsonl',
        },
      ],
    };
  }
  const temporary = options.database ? undefined : mkdtempSync(join(tmpdir(), 'ranker-'));
  const database = options.database ?? join(temporary!, 'snapshots.db');
  try {
    const collected = await collectSnapshots(uris, database, {
      cwd: options.cwd,
      onProgress: options.onProgress,
    });
    const db = openSnapshotDatabase(database, { readonly: true });
    try {
      const statistics = validateDataset(db, options.gates ?? DEFAULT_GATES);
      return { format, snapshots: loadDataset(db), statistics, inputs: collected.inputs };
    } finally {
      db.close();
    }
  } finally {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}

/** Reads an existing snapshot database (the seed's --db), validated with the gates. */
export function loadDatabase(path: string, gates: DataGates = DEFAULT_GATES): LabelledData {
  if (!existsSync(path))
    throw new Error(`${path}: no such database (create one with train_pipeline --snapshots)`);
  const db = openSnapshotDatabase(path, { readonly: true });
  try {
    const statistics = validateDataset(db, gates);
    return { format: 'snapshots', snapshots: loadDataset(db), statistics, inputs: [] };
  } finally {
    db.close();
  }
}

export { datasetOfSnapshots };
