import { readFileSync } from 'node:fs';
import { Client, Serializer, type ClientOptions } from '@elastic/elasticsearch';
import { parseExactJson, stringifyExactJson } from './exact-json';
import type { LogRecord } from './log-record';
import type { TimeInterval } from './time-intervals';

/** Options of {@link fetchElasticsearchLogs}. */
export interface ElasticsearchLogsOptions {
  /** e.g. `https://elasticsearch:9200`. */
  url: string;
  /** Default: `logs`. */
  index?: string;
  username?: string;
  password?: string;
  apiKey?: string;
  /** PEM file of the CA that signed the server certificate. Default: the system CAs. */
  caCertPath?: string;
  /** Verify the server certificate. Default: true. */
  verifyTls?: boolean;
  /** Documents per search page. Default: 5000. */
  pageSize?: number;
  /** Most documents in all, shared across intervals in proportion to their counts. Default: 1,000,000. */
  maxLogs?: number;
  intervals: readonly TimeInterval[];
  /** Called after each page with documents fetched so far and the planned total. */
  onProgress?: (fetched: number, total: number) => void;
  /** A client to use instead of one built from the options (tests). */
  client?: Client;
}

/** The documents' fields the training reads, as the original requested them. */
export const SOURCE_FIELDS = ['masked_log', 'time_nanoseconds', 'window_start_time_ns'];

/** The original's query for one interval: workload logs (not control plane) in the time range. */
export function intervalQuery(interval: TimeInterval) {
  return {
    bool: {
      filter: [
        { term: { is_control_plane_log: false } },
        {
          range: {
            time_nanoseconds: { gte: interval.start.toString(), lte: interval.end.toString() },
          },
        },
      ],
    },
  };
}

/**
 * Shares `max` among counts in proportion (largest remainders), never more than a count:
 * the original's disk budget made explicit.
 */
export function shareBudget(counts: readonly number[], max: number): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total <= max) return [...counts];
  const exact = counts.map((count) => (count * max) / total);
  const quotas = exact.map(Math.floor);
  let left = max - quotas.reduce((sum, quota) => sum + quota, 0);
  const order = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    if (quotas[index] < counts[index]) {
      quotas[index]++;
      left--;
    }
  }
  return quotas;
}

/** The client's JSON (de)serializer with ns longs kept exact (see {@link parseExactJson}). */
class ExactSerializer extends Serializer {
  override serialize(object: Record<string, unknown>): string {
    return stringifyExactJson(object);
  }
  override deserialize<T = unknown>(json: string): T {
    try {
      return parseExactJson<T>(json);
    } catch {
      // The base class raises the client's own DeserializationError.
      return super.deserialize<T>(json);
    }
  }
}

/** Builds the official client: credentials and CA from settings, TLS verified unless turned off. */
export function elasticsearchClient(options: ElasticsearchLogsOptions): Client {
  const config: ClientOptions = { node: options.url, maxRetries: 3, requestTimeout: 60_000 };
  if (options.apiKey) config.auth = { apiKey: options.apiKey };
  else if (options.username)
    config.auth = { username: options.username, password: options.password ?? '' };
  if (options.url.startsWith('https:')) {
    config.tls = { rejectUnauthorized: options.verifyTls ?? true };
    if (options.caCertPath) {
      try {
        config.tls.ca = readFileSync(options.caCertPath);
      } catch (error) {
        throw new Error(
          `ES_CA_CERT: cannot read ${options.caCertPath} (${(error as Error).message})`,
        );
      }
    }
  }
  return new Client({ ...config, Serializer: ExactSerializer });
}

/**
 * Fetches the training logs from Elasticsearch the way the original did, made safe for large
 * windows: counts per interval first (`_count`), shares MAX_LOGS by those counts, then pages each
 * interval through a point in time with `search_after` on (time_nanoseconds, _shard_doc), asking
 * only for {@link SOURCE_FIELDS}. The point in time is closed in the end, also on failure.
 */
export async function fetchElasticsearchLogs(
  options: ElasticsearchLogsOptions,
): Promise<LogRecord[]> {
  const index = options.index ?? 'logs';
  const pageSize = options.pageSize ?? 5_000;
  const client = options.client ?? elasticsearchClient(options);
  const where = `${redact(options.url)} index "${index}"`;
  try {
    const counts: number[] = [];
    for (const interval of options.intervals) {
      const answer = await client
        .count({ index, query: intervalQuery(interval) })
        .catch((error: Error) => {
          throw new Error(`Elasticsearch ${where}: counting logs failed (${error.message})`, {
            cause: error,
          });
        });
      counts.push(answer.count);
    }
    const quotas = shareBudget(counts, options.maxLogs ?? 1_000_000);
    const total = quotas.reduce((sum, quota) => sum + quota, 0);
    const records: LogRecord[] = [];
    if (total === 0) return records;
    let pit = (await client.openPointInTime({ index, keep_alive: '2m' })).id;
    try {
      for (let position = 0; position < options.intervals.length; position++) {
        let remaining = quotas[position];
        // Sort values as Elasticsearch returned them, the ns long exact (a bigint sent bare).
        let after: (bigint | number | string)[] | undefined;
        while (remaining > 0) {
          const page = await client.search<Record<string, unknown>>({
            pit: { id: pit, keep_alive: '2m' },
            size: Math.min(pageSize, remaining),
            query: intervalQuery(options.intervals[position]),
            sort: [{ time_nanoseconds: 'asc' }, { _shard_doc: 'asc' }] as never,
            _source: SOURCE_FIELDS,
            track_total_hits: false,
            ...(after ? { search_after: after as never } : {}),
          });
          if (page.pit_id) pit = page.pit_id;
          const hits = page.hits.hits;
          if (hits.length === 0) break;
          for (const hit of hits) {
            const source = hit._source ?? {};
            if (typeof source.masked_log !== 'string') continue;
            records.push({
              lineId: records.length + 1,
              content: source.masked_log,
              timeNs: toNs(source.time_nanoseconds),
              windowStartNs: toNs(source.window_start_time_ns),
            });
          }
          remaining -= hits.length;
          after = (hits[hits.length - 1].sort as (string | number)[]).map((value) =>
            typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : value,
          );
          options.onProgress?.(records.length, total);
        }
      }
    } finally {
      await client.closePointInTime({ id: pit }).catch(() => undefined);
    }
    return records;
  } catch (error) {
    if ((error as Error).message.startsWith('Elasticsearch ')) throw error;
    throw new Error(`Elasticsearch ${where}: ${(error as Error).message}`, { cause: error });
  } finally {
    if (!options.client) await client.close();
  }
}

function toNs(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value));
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  return undefined;
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//[redacted]@');
}
