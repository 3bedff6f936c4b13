import { APP_GROUP_FIELDS, PROCESS_FIELDS, SNAPSHOT_FIELDS, type FieldSpec } from './schema';

/** A stored value: what better-sqlite3 binds. */
export type Cell = number | string | null;

/** A snapshot line checked and converted to table rows. */
export interface SnapshotRows {
  snapshot: Record<string, Cell>;
  processes: Array<Record<string, Cell>>;
  appGroups: Array<Record<string, Cell>>;
}

/**
 * Checks one parsed snapshot line and converts it to rows. Every problem is pushed to `problems`
 * as text naming the field (e.g. `processes[3].cpu_share_1s: 1.7 is outside [0, 1]`); the rows
 * are returned only when there was none. Booleans accept true/false, 0/1 and "true"/"false"
 * (stored 0/1), lists are stored as JSON text.
 */
export function checkSnapshot(value: unknown, problems: string[]): SnapshotRows | null {
  const before = problems.length;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push('a snapshot line must be a JSON object');
    return null;
  }
  const record = value as Record<string, unknown>;
  const snapshot = convert(record, SNAPSHOT_FIELDS, '', problems);
  const processes: Array<Record<string, Cell>> = [];
  const appGroups: Array<Record<string, Cell>> = [];
  const list = (name: string): unknown[] => {
    const items = record[name];
    if (items === undefined || items === null) {
      problems.push(`${name}: missing (a list, possibly empty)`);
      return [];
    }
    if (!Array.isArray(items)) {
      problems.push(`${name}: must be a list`);
      return [];
    }
    return items;
  };
  list('app_groups').forEach((item, index) => {
    const path = `app_groups[${index}]`;
    if (!isObject(item)) problems.push(`${path}: must be an object`);
    else appGroups.push(convert(item, APP_GROUP_FIELDS, path, problems));
  });
  list('processes').forEach((item, index) => {
    const path = `processes[${index}]`;
    if (!isObject(item)) problems.push(`${path}: must be an object`);
    else processes.push(convert(item, PROCESS_FIELDS, path, problems));
  });
  if (problems.length > before) return null;
  // Keys unique within the snapshot, and references inside it.
  const pids = new Set<number>();
  processes.forEach((process, index) => {
    if (pids.has(process.pid as number))
      problems.push(`processes[${index}].pid: ${process.pid} appears twice in the snapshot`);
    pids.add(process.pid as number);
  });
  const groups = new Set<string>();
  appGroups.forEach((group, index) => {
    if (groups.has(group.app_group_id as string))
      problems.push(
        `app_groups[${index}].app_group_id: "${group.app_group_id}" appears twice in the snapshot`,
      );
    groups.add(group.app_group_id as string);
  });
  processes.forEach((process, index) => {
    if (process.app_group_id !== null && !groups.has(process.app_group_id as string))
      problems.push(
        `processes[${index}].app_group_id: "${process.app_group_id}" is not in the snapshot's app_groups`,
      );
  });
  appGroups.forEach((group, index) => {
    if (group.process_ids === null) return;
    for (const pid of JSON.parse(group.process_ids as string) as unknown[])
      if (!pids.has(pid as number))
        problems.push(
          `app_groups[${index}].process_ids: pid ${JSON.stringify(pid)} is not in the snapshot's processes`,
        );
  });
  if (problems.length > before) return null;
  const snapshotId = snapshot.snapshot_id;
  for (const row of [...processes, ...appGroups]) row.snapshot_id = snapshotId;
  return { snapshot, processes, appGroups };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function convert(
  record: Record<string, unknown>,
  fields: FieldSpec[],
  path: string,
  problems: string[],
): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const field of fields) {
    const name = path ? `${path}.${field.name}` : field.name;
    const value = record[field.name];
    if (value === undefined || value === null) {
      if (field.required) problems.push(`${name}: missing (required)`);
      else if (value === null && !field.nullable) problems.push(`${name}: must not be null`);
      row[field.name] = null;
      continue;
    }
    const converted = convertValue(value, field, name, problems);
    row[field.name] = converted === undefined ? null : converted;
  }
  return row;
}

function convertValue(
  value: unknown,
  field: FieldSpec,
  name: string,
  problems: string[],
): Cell | undefined {
  const bad = (what: string) => {
    problems.push(`${name}: ${JSON.stringify(value)} ${what}`);
    return undefined;
  };
  switch (field.kind) {
    case 'id':
      if (typeof value !== 'number' || !Number.isInteger(value)) return bad('must be an integer');
      if (value < 0) return bad('must not be negative');
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('must be a number');
      return value;
    case 'real':
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('must be a number');
      return value;
    case 'share':
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('must be a number');
      if (value < 0 || value > 1) return bad('is outside [0, 1]');
      return value;
    case 'bool':
      if (value === true || value === 1 || value === 'true') return 1;
      if (value === false || value === 0 || value === 'false') return 0;
      return bad('must be a boolean (true/false, 0/1 or "true"/"false")');
    case 'text':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      return bad('must be a string');
    case 'timestamp':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        return bad('must be an ISO 8601 timestamp');
      return value;
    case 'list':
      if (!Array.isArray(value)) return bad('must be a list');
      return JSON.stringify(value);
  }
}
