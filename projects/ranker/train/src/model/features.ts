import type { Cell } from '../data/check-record';

/**
 * The model's features, those of the original trainer: 33 numeric (process, global and app
 * group metrics), 12 boolean (0/1) and 5 categorical. The original's sixth categorical feature,
 * `teacher_priority_class`, is left out on purpose: the teacher sets it together with the label,
 * so it leaks the label. Missing numeric values (e.g. PSI where the kernel has none) stay
 * missing (NaN) and the trees route them; the original filled them with 0.
 */
export const NUMERIC_FEATURES = [
  // process
  'cpu_share_1s',
  'cpu_share_10s',
  'io_read_bytes',
  'io_write_bytes',
  'rss_mb',
  'swap_mb',
  'voluntary_ctx',
  'involuntary_ctx',
  'nice',
  'ionice_class',
  'ionice_prio',
  // snapshot (global)
  'load_avg_one',
  'load_avg_five',
  'load_avg_fifteen',
  'mem_used_kb',
  'mem_available_kb',
  'mem_total_kb',
  'swap_total_kb',
  'swap_used_kb',
  'time_since_last_input_ms',
  'cpu_user',
  'cpu_system',
  'cpu_idle',
  'cpu_iowait',
  'psi_cpu_some_avg10',
  'psi_cpu_some_avg60',
  'psi_io_some_avg10',
  'psi_mem_some_avg10',
  'psi_mem_full_avg10',
  // app group
  'total_cpu_share',
  'total_io_read_bytes',
  'total_io_write_bytes',
  'total_rss_mb',
] as const;

/** Boolean features, 1 or 0 (missing counts as 0, as in the original). */
export const BOOLEAN_FEATURES = [
  'user_active',
  'bad_responsiveness',
  'has_tty',
  'has_gui_window',
  'is_focused_window',
  'env_has_display',
  'env_has_wayland',
  'env_ssh',
  'is_audio_client',
  'has_active_stream',
  'has_gui_window_group',
  'is_focused_group',
] as const;

/** Categorical features: strings, "unknown" when missing; `tags_joined` is the sorted tags joined by "|". */
export const CATEGORICAL_FEATURES = [
  'process_type',
  'app_name',
  'priority_class',
  'env_term',
  'tags_joined',
] as const;

/** Every feature, in the column order of the model. */
export const FEATURE_NAMES: string[] = [
  ...NUMERIC_FEATURES,
  ...BOOLEAN_FEATURES,
  ...CATEGORICAL_FEATURES,
];

/** The raw values of one process, its snapshot and its app group, as stored. */
export interface ProcessContext {
  snapshot: Record<string, Cell>;
  process: Record<string, Cell>;
  group: Record<string, Cell> | undefined;
}

/** The raw feature values of one process: numbers for numeric/boolean features, strings for categorical ones. */
export function rawFeatures(context: ProcessContext): Array<number | string> {
  const { snapshot, process, group } = context;
  const lookup = (name: string): Cell | undefined => {
    switch (name) {
      case 'has_gui_window_group':
        return group?.has_gui_window;
      case 'is_focused_group':
      case 'total_cpu_share':
      case 'total_io_read_bytes':
      case 'total_io_write_bytes':
      case 'total_rss_mb':
      case 'app_name':
      case 'priority_class':
        return group?.[name];
      default:
        return name in process ? process[name] : snapshot[name];
    }
  };
  const values: Array<number | string> = [];
  for (const name of NUMERIC_FEATURES) {
    const value = lookup(name);
    values.push(value === null || value === undefined ? NaN : Number(value));
  }
  for (const name of BOOLEAN_FEATURES) {
    const value = lookup(name);
    values.push(value === 1 || value === 'true' ? 1 : 0);
  }
  for (const name of CATEGORICAL_FEATURES) {
    if (name === 'tags_joined') {
      const tags =
        process.tags === null || process.tags === undefined
          ? []
          : (JSON.parse(String(process.tags)) as unknown[]);
      values.push(tags.length === 0 ? 'unknown' : tags.map(String).sort().join('|'));
    } else {
      const value = lookup(name);
      values.push(value === null || value === undefined ? 'unknown' : String(value));
    }
  }
  return values;
}

/**
 * Categorical values become numbers the trees (and ONNX) can split on: each category's code is
 * its rank by mean training relevance (ties by name), so a threshold separates more from less
 * relevant categories, the ordering LightGBM uses for categorical splits (Fisher 1958). A category
 * not seen in training is missing (NaN).
 */
export interface CategoryEncoding {
  /** Per categorical feature, its categories in code order (code = index). */
  categories: Record<string, string[]>;
}

/** Learns the category codes from training rows and their relevance labels. */
export function learnCategoryEncoding(
  rows: ReadonlyArray<Array<number | string>>,
  labels: ArrayLike<number>,
): CategoryEncoding {
  const categories: Record<string, string[]> = {};
  CATEGORICAL_FEATURES.forEach((name, c) => {
    const column = NUMERIC_FEATURES.length + BOOLEAN_FEATURES.length + c;
    const stats = new Map<string, { sum: number; count: number }>();
    rows.forEach((row, r) => {
      const key = String(row[column]);
      const stat = stats.get(key) ?? { sum: 0, count: 0 };
      stat.sum += labels[r];
      stat.count++;
      stats.set(key, stat);
    });
    categories[name] = [...stats]
      .map(([key, stat]) => ({ key, mean: stat.sum / stat.count }))
      .sort((a, b) => a.mean - b.mean || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((entry) => entry.key);
  });
  return { categories };
}

/** Writes the encoded features of rows into a row-major float32 matrix. */
export function encodeFeatures(
  rows: ReadonlyArray<Array<number | string>>,
  encoding: CategoryEncoding,
): Float32Array {
  const width = FEATURE_NAMES.length;
  const first = NUMERIC_FEATURES.length + BOOLEAN_FEATURES.length;
  const codes = CATEGORICAL_FEATURES.map(
    (name) => new Map(encoding.categories[name].map((key, code) => [key, code])),
  );
  const matrix = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    for (let f = 0; f < first; f++) matrix[r * width + f] = row[f] as number;
    codes.forEach((code, c) => {
      matrix[r * width + first + c] = code.get(String(row[first + c])) ?? NaN;
    });
  });
  return matrix;
}
