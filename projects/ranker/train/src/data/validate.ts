import type Database from 'better-sqlite3';
import { APP_GROUP_FIELDS, PROCESS_FIELDS, SNAPSHOT_FIELDS, type FieldSpec } from './schema';

/** The minimum amounts of data training needs (the original's gates and defaults). */
export interface DataGates {
  /** Default 1. */
  minSnapshots: number;
  /** Default 10. */
  minProcesses: number;
  /** Default 1. */
  minGroups: number;
}

export const DEFAULT_GATES: DataGates = { minSnapshots: 1, minProcesses: 10, minGroups: 1 };

/** Values outside [Q1 - 1.5 IQR, Q3 + 1.5 IQR] of one column (Tukey's rule): reported, never rejected. */
export interface OutlierReport {
  table: string;
  column: string;
  q1: number;
  q3: number;
  low: number;
  high: number;
  outliers: number;
  values: number;
}

/** The statistics report of a snapshot database. */
export interface DatasetStatistics {
  snapshot_count: number;
  process_count: number;
  group_count: number;
  unique_processes: number;
  unique_groups: number;
  first_timestamp: string | null;
  last_timestamp: string | null;
  processes_per_snapshot: { min: number; mean: number; max: number };
  labelled_processes: number;
  outliers: OutlierReport[];
}

/** The data breaks a rule or a gate; lists every problem by table and key. */
export class DatasetValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`the snapshot database fails validation:\n  ${problems.join('\n  ')}`);
    this.name = this.constructor.name;
  }
}

const LIMIT = 10;

/**
 * Checks a snapshot database (the checks of the issue: required columns, keys unique and
 * non-negative, types, shares in [0, 1], references, booleans, tags as lists) and the gates, and
 * computes the statistics report. Throws {@link DatasetValidationError} naming table and key of
 * each problem (at most 10 per check).
 */
export function validateDataset(
  db: Database.Database,
  gates: DataGates = DEFAULT_GATES,
): DatasetStatistics {
  const problems: string[] = [];
  const tables = new Set(
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
        name: string;
      }>
    ).map((row) => row.name),
  );
  const missingTables = ['snapshots', 'processes', 'app_groups'].filter(
    (table) => !tables.has(table),
  );
  if (missingTables.length > 0)
    throw new DatasetValidationError([
      `missing table(s) ${missingTables.join(', ')} (expected snapshots, processes, app_groups)`,
    ]);
  const specs: Array<[string, FieldSpec[], string]> = [
    ['snapshots', SNAPSHOT_FIELDS, "'snapshot_id ' || snapshot_id"],
    ['processes', PROCESS_FIELDS, "'snapshot_id ' || snapshot_id || ', pid ' || pid"],
    [
      'app_groups',
      APP_GROUP_FIELDS,
      "'snapshot_id ' || snapshot_id || ', app_group_id ' || app_group_id",
    ],
  ];
  const list = (sql: string): string[] =>
    (db.prepare(sql).all() as Array<{ key: string }>).map((row) => row.key);
  for (const [table, fields, key] of specs) {
    const columns = new Set(
      (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
        (c) => c.name,
      ),
    );
    const required = fields.filter((field) => field.required || field.name === 'snapshot_id');
    const missing = required.filter((field) => !columns.has(field.name)).map((field) => field.name);
    if (missing.length > 0) {
      problems.push(`table ${table}: missing required column(s) ${missing.join(', ')}`);
      continue;
    }
    for (const field of fields) {
      if (!columns.has(field.name)) continue;
      const c = field.name;
      const check = (condition: string, what: string) => {
        for (const where of list(
          `SELECT ${key} AS key FROM ${table} WHERE ${condition} LIMIT ${LIMIT}`,
        ))
          problems.push(`table ${table}, ${where}: ${c} ${what}`);
      };
      if (field.required) check(`${c} IS NULL`, 'is missing');
      switch (field.kind) {
        case 'id':
          check(
            `${c} IS NOT NULL AND (typeof(${c}) != 'integer' OR ${c} < 0)`,
            'must be a non-negative integer',
          );
          break;
        case 'int':
        case 'real':
          check(`${c} IS NOT NULL AND typeof(${c}) NOT IN ('integer', 'real')`, 'must be a number');
          break;
        case 'share':
          check(
            `${c} IS NOT NULL AND (typeof(${c}) NOT IN ('integer', 'real') OR ${c} < 0 OR ${c} > 1)`,
            'must be a number in [0, 1]',
          );
          break;
        case 'bool':
          check(
            `${c} IS NOT NULL AND ${c} NOT IN (0, 1, 'true', 'false')`,
            'must be a boolean (0/1, "true"/"false")',
          );
          break;
        case 'list':
          check(
            `${c} IS NOT NULL AND (json_valid(${c}) = 0 OR json_type(${c}) != 'array')`,
            'must be a JSON list',
          );
          break;
        case 'timestamp':
          check(`${c} IS NOT NULL AND julianday(${c}) IS NULL`, 'must be an ISO 8601 timestamp');
          break;
        default:
          break;
      }
    }
  }
  if (problems.length === 0) {
    const reference = (sql: string, what: (key: string) => string) => {
      for (const key of list(`${sql} LIMIT ${LIMIT}`)) problems.push(what(key));
    };
    reference(
      "SELECT 'snapshot_id ' || p.snapshot_id || ', pid ' || p.pid AS key FROM processes p LEFT JOIN snapshots s USING (snapshot_id) WHERE s.snapshot_id IS NULL",
      (key) => `table processes, ${key}: its snapshot is not in table snapshots`,
    );
    reference(
      "SELECT 'snapshot_id ' || g.snapshot_id || ', app_group_id ' || g.app_group_id AS key FROM app_groups g LEFT JOIN snapshots s USING (snapshot_id) WHERE s.snapshot_id IS NULL",
      (key) => `table app_groups, ${key}: its snapshot is not in table snapshots`,
    );
    reference(
      "SELECT 'snapshot_id ' || p.snapshot_id || ', pid ' || p.pid || ' (app_group_id ' || p.app_group_id || ')' AS key FROM processes p LEFT JOIN app_groups g ON g.snapshot_id = p.snapshot_id AND g.app_group_id = p.app_group_id WHERE p.app_group_id IS NOT NULL AND g.app_group_id IS NULL",
      (key) => `table processes, ${key}: its app group is not in table app_groups`,
    );
    reference(
      "SELECT 'snapshot_id ' || g.snapshot_id || ', app_group_id ' || g.app_group_id || ' (pid ' || j.value || ')' AS key FROM app_groups g, json_each(g.process_ids) j LEFT JOIN processes p ON p.snapshot_id = g.snapshot_id AND p.pid = j.value WHERE g.process_ids IS NOT NULL AND json_valid(g.process_ids) AND p.pid IS NULL",
      (key) => `table app_groups, ${key}: process_ids names a process not in table processes`,
    );
  }
  if (problems.length > 0) throw new DatasetValidationError(problems);

  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const counts = one<{ s: number; first: string | null; last: string | null }>(
    'SELECT COUNT(*) AS s, MIN(timestamp) AS first, MAX(timestamp) AS last FROM snapshots',
  );
  const processes = one<{ n: number; pids: number; labelled: number }>(
    'SELECT COUNT(*) AS n, COUNT(DISTINCT pid) AS pids, COUNT(teacher_score) AS labelled FROM processes',
  );
  const groups = one<{ n: number; ids: number }>(
    'SELECT COUNT(*) AS n, COUNT(DISTINCT app_group_id) AS ids FROM app_groups',
  );
  const perSnapshot = one<{ min: number | null; mean: number | null; max: number | null }>(
    'SELECT MIN(n) AS min, AVG(n) AS mean, MAX(n) AS max FROM (SELECT COUNT(*) AS n FROM processes GROUP BY snapshot_id)',
  );
  const statistics: DatasetStatistics = {
    snapshot_count: counts.s,
    process_count: processes.n,
    group_count: groups.n,
    unique_processes: processes.pids,
    unique_groups: groups.ids,
    first_timestamp: counts.first,
    last_timestamp: counts.last,
    processes_per_snapshot: {
      min: perSnapshot.min ?? 0,
      mean: perSnapshot.mean ?? 0,
      max: perSnapshot.max ?? 0,
    },
    labelled_processes: processes.labelled,
    outliers: outliers(db),
  };
  const gateProblems: string[] = [];
  if (statistics.snapshot_count < gates.minSnapshots)
    gateProblems.push(
      `${statistics.snapshot_count} snapshots, fewer than --min-snapshots ${gates.minSnapshots}`,
    );
  if (statistics.process_count < gates.minProcesses)
    gateProblems.push(
      `${statistics.process_count} processes, fewer than --min-processes ${gates.minProcesses}`,
    );
  if (statistics.group_count < gates.minGroups)
    gateProblems.push(
      `${statistics.group_count} app groups, fewer than --min-groups ${gates.minGroups}`,
    );
  if (gateProblems.length > 0)
    throw new DatasetValidationError(
      gateProblems.map((problem) => `${problem}: collect more snapshots or lower the gate`),
    );
  return statistics;
}

/** Tukey's IQR rule over the numeric process columns, heavy-tailed ones included. */
function outliers(db: Database.Database): OutlierReport[] {
  const reports: OutlierReport[] = [];
  for (const field of PROCESS_FIELDS) {
    if (field.kind !== 'real' && field.kind !== 'int' && field.kind !== 'share') continue;
    if (field.name === 'teacher_score') continue;
    const values = (
      db
        .prepare(
          `SELECT ${field.name} AS v FROM processes WHERE ${field.name} IS NOT NULL ORDER BY v`,
        )
        .raw()
        .all() as number[][]
    ).map((row) => row[0]);
    if (values.length < 4) continue;
    const quantile = (p: number) => {
      const position = (values.length - 1) * p;
      const low = Math.floor(position);
      return (
        values[low] +
        (values[Math.min(low + 1, values.length - 1)] - values[low]) * (position - low)
      );
    };
    const q1 = quantile(0.25);
    const q3 = quantile(0.75);
    const low = q1 - 1.5 * (q3 - q1);
    const high = q3 + 1.5 * (q3 - q1);
    const count = values.filter((value) => value < low || value > high).length;
    if (count > 0)
      reports.push({
        table: 'processes',
        column: field.name,
        q1,
        q3,
        low,
        high,
        outliers: count,
        values: values.length,
      });
  }
  return reports;
}
