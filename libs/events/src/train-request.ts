/** A time range of logs to train on, in ns since the epoch (kept as digit strings: ns exceed 2^53). */
export interface TrainInterval {
  start_ts: string;
  end_ts: string;
}

/** A valid request on the `train` subject: `{"model_to_train": "nulog", "time_intervals": [...]}`. */
export interface TrainRequest {
  /** The project to train (any project of the workspace). */
  project: string;
  intervals: TrainInterval[];
}

/** Why a request was rejected, said to its sender on `train.rejected`. */
export class RejectedRequest extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = this.constructor.name;
  }
}

/**
 * Parses a request the way the original controller's senders write it. ns values may be JSON
 * numbers or digit strings; numbers are read from the raw text so no digit is lost. Throws a
 * {@link RejectedRequest} naming the field for anything else.
 */
export function parseTrainRequest(
  data: Uint8Array | string,
  knownProjects?: readonly string[],
): TrainRequest {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  let value: unknown;
  try {
    // Quote bare integers of 16+ digits so JSON.parse keeps every digit of a ns timestamp.
    value = JSON.parse(text.replace(/(:\s*)(\d{16,})(\s*[,}\]])/g, '$1"$2"$3'));
  } catch (error) {
    throw new RejectedRequest(`payload is not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RejectedRequest(
      'payload must be a JSON object {"model_to_train": ..., "time_intervals": [...]}',
    );
  const record = value as Record<string, unknown>;
  const project = record.model_to_train;
  if (typeof project !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(project))
    throw new RejectedRequest(
      '"model_to_train" must name a project (lowercase letters, digits, dashes)',
    );
  if (knownProjects && !knownProjects.includes(project))
    throw new RejectedRequest(
      `"model_to_train": unknown project "${project}" (known: ${knownProjects.join(', ')})`,
    );
  const intervals = record.time_intervals;
  if (!Array.isArray(intervals) || intervals.length === 0)
    throw new RejectedRequest(
      '"time_intervals" must be a non-empty list of {"start_ts": <ns>, "end_ts": <ns>}',
    );
  return {
    project,
    intervals: intervals.map((interval, index) => {
      const field = (key: 'start_ts' | 'end_ts'): string => {
        const raw = (interval as Record<string, unknown> | null)?.[key];
        if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return String(raw);
        if (typeof raw === 'string' && /^\d+$/.test(raw)) return raw;
        throw new RejectedRequest(
          `"time_intervals[${index}].${key}" must be a whole number of nanoseconds (got ${JSON.stringify(raw)})`,
        );
      };
      const start = field('start_ts');
      const end = field('end_ts');
      if (BigInt(start) > BigInt(end))
        throw new RejectedRequest(`"time_intervals[${index}]": start_ts is after end_ts`);
      return { start_ts: start, end_ts: end };
    }),
  };
}
