import type Database from 'better-sqlite3';
import type { Cell, SnapshotRows } from '../data/check-record';
import { rawFeatures } from './features';

/** Processes grouped by snapshot (the query), with their raw features and targets. */
export interface SnapshotDataset {
  /** Per query: the snapshot id. */
  snapshotIds: number[];
  /** Per row: the process id. */
  pids: number[];
  /** Per row: raw feature values (see features.ts). */
  rows: Array<Array<number | string>>;
  /** Per row: teacher_score, else the snapshot's responsiveness_score; NaN when neither. */
  targets: number[];
  /** Query q is rows [offsets[q], offsets[q + 1]). */
  offsets: number[];
}

function emptyDataset(): SnapshotDataset {
  return { snapshotIds: [], pids: [], rows: [], targets: [], offsets: [0] };
}

function target(process: Record<string, Cell>, snapshot: Record<string, Cell>): number {
  const value = process.teacher_score ?? snapshot.responsiveness_score;
  return value === null || value === undefined ? NaN : Number(value);
}

function addSnapshot(dataset: SnapshotDataset, rows: SnapshotRows, requireTarget: boolean): void {
  const groups = new Map(rows.appGroups.map((group) => [group.app_group_id, group]));
  let added = 0;
  for (const process of [...rows.processes].sort((a, b) => (a.pid as number) - (b.pid as number))) {
    const value = target(process, rows.snapshot);
    if (requireTarget && Number.isNaN(value)) continue;
    dataset.pids.push(process.pid as number);
    dataset.rows.push(
      rawFeatures({
        snapshot: rows.snapshot,
        process,
        group: process.app_group_id === null ? undefined : groups.get(process.app_group_id),
      }),
    );
    dataset.targets.push(value);
    added++;
  }
  if (added > 0) {
    dataset.snapshotIds.push(rows.snapshot.snapshot_id as number);
    dataset.offsets.push(dataset.rows.length);
  }
}

/**
 * Reads every snapshot of the database, in snapshot_id order, processes by pid. With
 * `requireTarget`, processes without a target are left out (and snapshots left empty too).
 */
export function loadDataset(db: Database.Database, requireTarget = true): SnapshotDataset {
  const dataset = emptyDataset();
  const snapshots = db.prepare('SELECT * FROM snapshots ORDER BY snapshot_id').all() as Array<
    Record<string, Cell>
  >;
  const processes = db.prepare('SELECT * FROM processes WHERE snapshot_id = ?');
  const groups = db.prepare('SELECT * FROM app_groups WHERE snapshot_id = ?');
  for (const snapshot of snapshots) {
    addSnapshot(
      dataset,
      {
        snapshot,
        processes: processes.all(snapshot.snapshot_id) as Array<Record<string, Cell>>,
        appGroups: groups.all(snapshot.snapshot_id) as Array<Record<string, Cell>>,
      },
      requireTarget,
    );
  }
  return dataset;
}

/** The dataset of snapshot objects already checked (e.g. the inputs of a prediction). */
export function datasetOfSnapshots(
  snapshots: readonly SnapshotRows[],
  requireTarget: boolean,
): SnapshotDataset {
  const dataset = emptyDataset();
  for (const rows of snapshots) addSnapshot(dataset, rows, requireTarget);
  return dataset;
}

/** The queries whose index passes `keep`, as a new dataset. */
export function selectQueries(
  dataset: SnapshotDataset,
  keep: (query: number) => boolean,
): SnapshotDataset {
  const selected = emptyDataset();
  for (let q = 0; q + 1 < dataset.offsets.length; q++) {
    if (!keep(q)) continue;
    selected.snapshotIds.push(dataset.snapshotIds[q]);
    for (let r = dataset.offsets[q]; r < dataset.offsets[q + 1]; r++) {
      selected.pids.push(dataset.pids[r]);
      selected.rows.push(dataset.rows[r]);
      selected.targets.push(dataset.targets[r]);
    }
    selected.offsets.push(selected.rows.length);
  }
  return selected;
}
