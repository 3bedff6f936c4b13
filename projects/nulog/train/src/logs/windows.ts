import { gzipSync } from 'node:zlib';
import type { LogRecord } from './log-record';
import { tarArchive } from './tar';

/** Window length used when a message has a time but no window start: one minute. */
export const DEFAULT_WINDOW_NS = 60_000_000_000n;

/**
 * The training logs in the original's layout: one gzip JSONL file per log window
 * (`window_start_time_ns`), `<window>.jsonl.gz` with `masked_log` and `time_nanoseconds`,
 * in a `windows.tar.gz`. Messages without a time go to window `0`. Deterministic bytes.
 */
export function windowsArchive(records: readonly LogRecord[]): {
  archive: Buffer;
  windows: number;
} {
  const windows = new Map<bigint, string[]>();
  for (const record of records) {
    const start =
      record.windowStartNs ??
      (record.timeNs === undefined ? 0n : record.timeNs - (record.timeNs % DEFAULT_WINDOW_NS));
    let lines = windows.get(start);
    if (!lines) windows.set(start, (lines = []));
    const time = record.timeNs === undefined ? '' : `,"time_nanoseconds":${record.timeNs}`;
    lines.push(
      `{"masked_log":${JSON.stringify(record.content)}${time},"window_start_time_ns":${start}}`,
    );
  }
  const entries = [...windows]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([start, lines]) => ({
      name: `windows/${start}.jsonl.gz`,
      data: gzipSync(`${lines.join('\n')}\n`, { level: 9 }),
    }));
  return { archive: gzipSync(tarArchive(entries), { level: 9 }), windows: entries.length };
}

/** Keeps the messages whose time falls in one of the intervals (inclusive); all when there are none. */
export function inIntervals(
  records: readonly LogRecord[],
  intervals: readonly { start: bigint; end: bigint }[],
): LogRecord[] {
  if (intervals.length === 0) return [...records];
  return records.filter(
    (record) =>
      record.timeNs !== undefined &&
      intervals.some(
        (interval) => record.timeNs! >= interval.start && record.timeNs! <= interval.end,
      ),
  );
}
