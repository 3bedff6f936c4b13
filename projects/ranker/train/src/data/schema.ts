/** How a snapshot field is checked and stored. */
export type FieldKind = 'id' | 'int' | 'real' | 'share' | 'bool' | 'text' | 'timestamp' | 'list';

/** One field of a snapshot, process or app group record. */
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** A missing field (or null) is an error. */
  required: boolean;
  /** null is allowed (stored as NULL). */
  nullable?: boolean;
}

const f = (name: string, kind: FieldKind, required = true, nullable = false): FieldSpec => ({
  name,
  kind,
  required,
  nullable,
});

/** Snapshot-level fields (everything but processes[] and app_groups[]). */
export const SNAPSHOT_FIELDS: FieldSpec[] = [
  f('snapshot_id', 'id'),
  f('timestamp', 'timestamp'),
  f('cpu_user', 'share'),
  f('cpu_system', 'share'),
  f('cpu_idle', 'share'),
  f('cpu_iowait', 'share'),
  f('mem_total_kb', 'int'),
  f('mem_used_kb', 'int'),
  f('mem_available_kb', 'int'),
  f('swap_total_kb', 'int'),
  f('swap_used_kb', 'int'),
  f('load_avg_one', 'real'),
  f('load_avg_five', 'real'),
  f('load_avg_fifteen', 'real'),
  f('psi_cpu_some_avg10', 'real', false, true),
  f('psi_cpu_some_avg60', 'real', false, true),
  f('psi_io_some_avg10', 'real', false, true),
  f('psi_mem_some_avg10', 'real', false, true),
  f('psi_mem_full_avg10', 'real', false, true),
  f('user_active', 'bool'),
  f('time_since_last_input_ms', 'int', false, true),
  f('sched_latency_p95_ms', 'real', false, true),
  f('sched_latency_p99_ms', 'real', false, true),
  f('audio_xruns_delta', 'int', false, true),
  f('ui_loop_p95_ms', 'real', false, true),
  f('frame_jank_ratio', 'share', false, true),
  f('bad_responsiveness', 'bool', false, true),
  f('responsiveness_score', 'real', false, true),
];

/** Fields of one entry of processes[]. */
export const PROCESS_FIELDS: FieldSpec[] = [
  f('pid', 'id'),
  f('ppid', 'id', false, true),
  f('uid', 'id', false, true),
  f('gid', 'id', false, true),
  f('exe', 'text', false, true),
  f('cmdline', 'text', false, true),
  f('cgroup_path', 'text', false, true),
  f('systemd_unit', 'text', false, true),
  f('app_group_id', 'text', false, true),
  f('state', 'text', false, true),
  f('start_time', 'int', false, true),
  f('uptime_sec', 'int', false, true),
  f('tty_nr', 'int', false, true),
  f('has_tty', 'bool', false, true),
  f('cpu_share_1s', 'share', false, true),
  f('cpu_share_10s', 'share', false, true),
  f('io_read_bytes', 'int', false, true),
  f('io_write_bytes', 'int', false, true),
  f('rss_mb', 'real', false, true),
  f('swap_mb', 'real', false, true),
  f('voluntary_ctx', 'int', false, true),
  f('involuntary_ctx', 'int', false, true),
  f('has_gui_window', 'bool', false, true),
  f('is_focused_window', 'bool', false, true),
  f('window_state', 'text', false, true),
  f('env_has_display', 'bool', false, true),
  f('env_has_wayland', 'bool', false, true),
  f('env_term', 'text', false, true),
  f('env_ssh', 'bool', false, true),
  f('is_audio_client', 'bool', false, true),
  f('has_active_stream', 'bool', false, true),
  f('process_type', 'text', false, true),
  f('tags', 'list', false, true),
  f('nice', 'int', false, true),
  f('ionice_class', 'int', false, true),
  f('ionice_prio', 'int', false, true),
  f('teacher_priority_class', 'text', false, true),
  f('teacher_score', 'real', false, true),
];

/** Fields of one entry of app_groups[]. */
export const APP_GROUP_FIELDS: FieldSpec[] = [
  f('app_group_id', 'text'),
  f('root_pid', 'id', false, true),
  f('process_ids', 'list', false, true),
  f('app_name', 'text', false, true),
  f('total_cpu_share', 'real', false, true),
  f('total_io_read_bytes', 'int', false, true),
  f('total_io_write_bytes', 'int', false, true),
  f('total_rss_mb', 'real', false, true),
  f('has_gui_window', 'bool', false, true),
  f('is_focused_group', 'bool', false, true),
  f('tags', 'list', false, true),
  f('priority_class', 'text', false, true),
];

function sqlType(kind: FieldKind): string {
  switch (kind) {
    case 'id':
    case 'int':
    case 'bool':
      return 'INTEGER';
    case 'real':
    case 'share':
      return 'REAL';
    default:
      return 'TEXT';
  }
}

function columns(fields: FieldSpec[], skip: string[]): string {
  return fields
    .filter((field) => !skip.includes(field.name))
    .map((field) => `${field.name} ${sqlType(field.kind)}${field.required ? ' NOT NULL' : ''}`)
    .join(',\n  ');
}

/** The database the snapshots are collected into: keys, references and indexes. */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS snapshots (
  ${columns(SNAPSHOT_FIELDS, [])},
  PRIMARY KEY (snapshot_id)
);
CREATE TABLE IF NOT EXISTS app_groups (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(snapshot_id) ON DELETE CASCADE,
  ${columns(APP_GROUP_FIELDS, [])},
  PRIMARY KEY (snapshot_id, app_group_id)
);
CREATE TABLE IF NOT EXISTS processes (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(snapshot_id) ON DELETE CASCADE,
  ${columns(PROCESS_FIELDS, [])},
  PRIMARY KEY (snapshot_id, pid),
  FOREIGN KEY (snapshot_id, app_group_id) REFERENCES app_groups(snapshot_id, app_group_id)
);
CREATE INDEX IF NOT EXISTS snapshots_timestamp ON snapshots(timestamp);
CREATE INDEX IF NOT EXISTS processes_pid ON processes(pid);
CREATE INDEX IF NOT EXISTS processes_app_group ON processes(snapshot_id, app_group_id);
CREATE INDEX IF NOT EXISTS app_groups_app_group ON app_groups(app_group_id);
`;
