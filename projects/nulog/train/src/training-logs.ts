import type { Output } from '@mesh/output';
import { fetchElasticsearchLogs } from './logs/elasticsearch-logs';
import type { LogRecord } from './logs/log-record';
import { readLogs } from './logs/read-logs';
import { parseTimeIntervals } from './logs/time-intervals';
import { inIntervals } from './logs/windows';

/** The settings {@link readTrainingLogs} uses. */
export interface TrainingLogsSettings {
  LOG_SOURCE: string;
  TRAINING_DATA_URI: string;
  LOG_FORMAT: string;
  TIME_INTERVALS: unknown;
  MAX_LOGS: number;
  ES_URL: string;
  ES_INDEX: string;
  ES_USERNAME: string;
  ES_PASSWORD: string;
  ES_API_KEY: string;
  ES_CA_CERT: string;
  ES_TLS_VERIFY: boolean;
  ES_PAGE_SIZE: number;
}

/** The training messages, where they came from, and the digest of the source bytes (files only). */
export interface TrainingLogs {
  records: LogRecord[];
  uri: string;
  digest?: string;
}

/** Reads the training logs from LOG_SOURCE: a file/S3 URI (filtered to TIME_INTERVALS when timestamped) or Elasticsearch. */
export async function readTrainingLogs(
  values: TrainingLogsSettings,
  trainingUri: string,
  logFormat: string,
  componentRoot: string,
  output: Output,
): Promise<TrainingLogs> {
  let intervals;
  try {
    intervals = parseTimeIntervals(values.TIME_INTERVALS, 'TIME_INTERVALS');
  } catch (error) {
    throw new Error((error as Error).message);
  }
  if (values.LOG_SOURCE === 'elasticsearch') {
    if (!values.ES_URL)
      throw new Error('LOG_SOURCE=elasticsearch needs ES_URL (e.g. https://elasticsearch:9200)');
    if (intervals.length === 0)
      throw new Error('LOG_SOURCE=elasticsearch needs TIME_INTERVALS: which logs to train on');
    const records = await output.step(
      `Fetching logs from Elasticsearch for ${intervals.length} interval(s)`,
      (progress) =>
        fetchElasticsearchLogs({
          url: values.ES_URL,
          index: values.ES_INDEX,
          username: values.ES_USERNAME,
          password: values.ES_PASSWORD,
          apiKey: values.ES_API_KEY,
          caCertPath: values.ES_CA_CERT || undefined,
          verifyTls: values.ES_TLS_VERIFY,
          pageSize: values.ES_PAGE_SIZE,
          maxLogs: values.MAX_LOGS,
          intervals,
          onProgress: (done, total) => progress.update(done, total, 'logs'),
        }),
    );
    if (records.length === 0)
      throw new Error(`Elasticsearch index "${values.ES_INDEX}" has no logs in TIME_INTERVALS`);
    return { records, uri: `${values.ES_URL.replace(/\/\/[^@/]*@/, '//')}/${values.ES_INDEX}` };
  }
  const read = await output.step(`Reading training logs (${trainingUri})`, (progress) =>
    readLogs(trainingUri, {
      cwd: componentRoot,
      logFormat,
      onProgress: (lines) => progress.update(lines, undefined, 'lines'),
    }),
  );
  if (read.skipped > 0)
    output.warn(`${read.skipped} lines of ${trainingUri} do not fit LOG_FORMAT and were skipped`);
  const records = inIntervals(read.records, intervals);
  if (records.length === 0)
    throw new Error(`${trainingUri}: no timestamped log lines fall in TIME_INTERVALS`);
  return { records, uri: trainingUri, digest: read.digest };
}
