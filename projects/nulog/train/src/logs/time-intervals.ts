/** A closed time range in ns since the epoch. */
export interface TimeInterval {
  start: bigint;
  end: bigint;
}

/**
 * Checks TIME_INTERVALS / a `train` request's `time_intervals`: a list of `{start_ts, end_ts}`,
 * whole ns as numbers or digit strings, start <= end. The Error names the entry and field.
 */
export function parseTimeIntervals(value: unknown, name = 'time_intervals'): TimeInterval[] {
  if (!Array.isArray(value))
    throw new Error(`${name} must be a list of {"start_ts": <ns>, "end_ts": <ns>}`);
  return value.map((entry, index) => {
    const field = (key: string): bigint => {
      const raw = (entry as Record<string, unknown> | null)?.[key];
      if (
        (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) ||
        (typeof raw === 'string' && /^\d+$/.test(raw))
      )
        return BigInt(raw);
      throw new Error(
        `${name}[${index}].${key} must be a whole number of nanoseconds since the epoch (got ${JSON.stringify(raw)})`,
      );
    };
    const start = field('start_ts');
    const end = field('end_ts');
    if (start > end) throw new Error(`${name}[${index}]: start_ts is after end_ts`);
    return { start, end };
  });
}
