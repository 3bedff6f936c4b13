import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DataError, openUri } from '@mesh/data';
import { parseCsvLine } from './csv';
import { parseExactJson } from './exact-json';
import { compileLogFormat } from './log-format';
import type { LogRecord } from './log-record';

/** Options of {@link readLogs}. */
export interface ReadLogsOptions {
  /** Base of relative paths. */
  cwd: string;
  /** LOG_FORMAT for raw log files. Default: `<Content>` (the whole line). */
  logFormat?: string;
  /** Environment for S3 (AWS_REGION, S3_ENDPOINT_URL, credentials). Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Called as lines are read. */
  onProgress?: (lines: number) => void;
}

/** The messages of a source and the digest of its bytes. */
export interface LogsResult {
  records: LogRecord[];
  /** `sha256:<hex>` of the bytes as stored. */
  digest: string;
  bytes: number;
  /** Lines that did not fit the LOG_FORMAT (skipped, as log-parsing benchmarks do). */
  skipped: number;
}

const CONTENT_FIELDS = ['masked_log', 'log', 'content', 'Content', 'line', 'message'];
const TRUTH_FIELDS = ['EventTemplate', 'template', 'event_template', 'EventId', 'event_id'];

/**
 * Reads log messages from a path, `file://`, `http(s)://` or `s3://bucket/key` URI (`.gz` is
 * decompressed), by its name: `.csv` is a Loghub structured file (`Content`, and `EventTemplate`
 * or `EventId` as the truth); `.jsonl`/`.ndjson` holds one object a line (`masked_log`, `log`,
 * `content` or `line`; `template`/`event_id`; `time_nanoseconds`, `window_start_time_ns`, as
 * Elasticsearch documents of the original); anything else is a raw log split by LOG_FORMAT.
 * Errors name the URI and line.
 */
export async function readLogs(uri: string, options: ReadLogsOptions): Promise<LogsResult> {
  const stored = await readBytes(uri, options);
  const digest = `sha256:${createHash('sha256').update(stored).digest('hex')}`;
  const gzip = /\.gz($|\?)/.test(uri);
  const text = (gzip ? gunzipSync(stored) : stored).toString('utf8');
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const name = uri.replace(/\.gz($|\?.*)/, '').toLowerCase();
  let result: { records: LogRecord[]; skipped: number };
  if (name.endsWith('.csv')) result = parseStructuredCsv(uri, lines);
  else if (name.endsWith('.jsonl') || name.endsWith('.ndjson'))
    result = parseJsonLines(uri, lines, options.onProgress);
  else result = parseRaw(uri, lines, options.logFormat ?? '<Content>', options.onProgress);
  if (result.records.length === 0) {
    throw new DataError(
      result.skipped > 0
        ? `none of its ${result.skipped} lines fits LOG_FORMAT "${options.logFormat}" (set LOG_FORMAT to the layout of its lines)`
        : 'has no log lines',
      uri,
    );
  }
  return { ...result, digest, bytes: stored.length };
}

async function readBytes(uri: string, options: ReadLogsOptions): Promise<Buffer> {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (s3) {
    const env = options.env ?? process.env;
    const endpoint = env.S3_ENDPOINT_URL || undefined;
    const client = new S3Client({
      region: env.AWS_REGION ?? 'us-east-1',
      endpoint,
      forcePathStyle: endpoint !== undefined,
      maxAttempts: 2,
      // Credentials of the given environment first, else the SDK's default chain.
      ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? {
            credentials: {
              accessKeyId: env.AWS_ACCESS_KEY_ID,
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
              sessionToken: env.AWS_SESSION_TOKEN || undefined,
            },
          }
        : {}),
      ...(endpoint ? { responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
    });
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: s3[1], Key: s3[2] }));
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      throw new DataError(
        `could not be read from S3 (${(error as Error).message})`,
        uri,
        undefined,
        { cause: error },
      );
    } finally {
      client.destroy();
    }
  }
  const opened = await openUri(uri, { cwd: options.cwd });
  const chunks: Buffer[] = [];
  for await (const chunk of opened.raw) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseRaw(
  uri: string,
  lines: string[],
  logFormat: string,
  onProgress?: (lines: number) => void,
) {
  let format;
  try {
    format = compileLogFormat(logFormat);
  } catch (error) {
    throw new DataError((error as Error).message, uri);
  }
  const records: LogRecord[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = format.parse(line);
    if (!fields) skipped++;
    else records.push({ lineId: index + 1, content: fields.Content, raw: line });
    if (index % 10_000 === 0) onProgress?.(index);
  });
  return { records, skipped };
}

function parseStructuredCsv(uri: string, lines: string[]) {
  if (lines.length === 0) throw new DataError('is empty', uri);
  const header = parseCsvLine(lines[0].replace(/^\uFEFF/, ''));
  const content = header.indexOf('Content');
  if (content < 0)
    throw new DataError(
      `line 1 must name a "Content" column (a Loghub structured CSV; found ${header.join(', ')})`,
      uri,
      1,
    );
  const truthColumn = ['EventTemplate', 'EventId']
    .map((name) => header.indexOf(name))
    .find((index) => index >= 0);
  const lineIdColumn = header.indexOf('LineId');
  const records: LogRecord[] = [];
  for (let index = 1; index < lines.length; index++) {
    if (lines[index].trim() === '') continue;
    let fields: string[];
    try {
      fields = parseCsvLine(lines[index]);
    } catch (error) {
      throw new DataError((error as Error).message, uri, index + 1);
    }
    if (fields.length !== header.length)
      throw new DataError(
        `has ${fields.length} fields, the header ${header.length}`,
        uri,
        index + 1,
      );
    const lineId = lineIdColumn >= 0 ? Number(fields[lineIdColumn]) : index;
    records.push({
      lineId: Number.isFinite(lineId) ? lineId : index,
      content: fields[content],
      truth: truthColumn === undefined ? undefined : fields[truthColumn],
    });
  }
  return { records, skipped: 0 };
}

function parseJsonLines(uri: string, lines: string[], onProgress?: (lines: number) => void) {
  const records: LogRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let value: Record<string, unknown>;
    try {
      // Exact: `time_nanoseconds` longs are beyond what a JS number holds.
      value = parseExactJson(line);
    } catch (error) {
      throw new DataError(`not valid JSON (${(error as Error).message})`, uri, index + 1);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new DataError('must be a JSON object', uri, index + 1);
    const contentField = CONTENT_FIELDS.find((field) => typeof value[field] === 'string');
    if (!contentField)
      throw new DataError(
        `has no log text: set one of ${CONTENT_FIELDS.map((f) => `"${f}"`).join(', ')} to a string`,
        uri,
        index + 1,
      );
    const truthField = TRUTH_FIELDS.find((field) => typeof value[field] === 'string');
    records.push({
      lineId: index + 1,
      content: value[contentField] as string,
      truth: truthField ? (value[truthField] as string) : undefined,
      timeNs: nanoseconds(value.time_nanoseconds, 'time_nanoseconds', uri, index + 1),
      windowStartNs: nanoseconds(
        value.window_start_time_ns,
        'window_start_time_ns',
        uri,
        index + 1,
      ),
    });
    if (index % 10_000 === 0) onProgress?.(index);
  });
  return { records, skipped: 0 };
}

function nanoseconds(value: unknown, field: string, uri: string, line: number): bigint | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    (typeof value === 'number' && Number.isInteger(value)) ||
    (typeof value === 'string' && /^\d+$/.test(value))
  )
    return BigInt(value);
  throw new DataError(`field "${field}" must be a whole number of nanoseconds`, uri, line);
}
