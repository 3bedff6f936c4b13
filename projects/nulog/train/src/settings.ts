import { bool, int, json, makeValidator, num, secret, str } from '@mesh/settings';
import { parseExactJson } from './logs/exact-json';

/** A JSON setting whose integers beyond 2^53 (ns timestamps) are read as exact digit strings. */
function exactJson<T>() {
  return makeValidator<T>((input) => parseExactJson<T>(input));
}

/** The settings of nulog-train: environment, then config/<ENVIRONMENT>.env, then these defaults. */
export const settingsSpec = {
  LOG_SOURCE: str({
    desc: "Where the training logs come from: 'file' (TRAINING_DATA_URI) or 'elasticsearch' (ES_URL, for TIME_INTERVALS)",
    choices: ['file', 'elasticsearch'],
    default: 'file',
  }),
  TRAINING_DATA_URI: str({
    desc: 'Training logs: a raw log split by LOG_FORMAT, a Loghub structured .csv, or JSONL (masked_log/log/content); a path relative to the component folder, file://, http(s):// or s3://bucket/key; .gz is decompressed',
    default: 'data/mesh-api-train.log',
    example: 's3://logs/HDFS_2k.log',
  }),
  EVAL_DATA_URI: str({
    desc: 'Labelled logs to score parsing accuracy on: a Loghub structured .csv (Content, EventTemplate or EventId) or JSONL with template/event_id; empty to score on the training data when it is labelled',
    default: 'data/mesh-api-eval_structured.csv',
  }),
  LOG_FORMAT: str({
    desc: 'Layout of raw log lines, Loghub style: <Field> for a header field, <Content> for the message; other characters are regex fragments',
    default: '<Date> <Time> <Level> <Component>: <Content>',
    example: '<Date> <Time> <Pid> <Level> <Component>: <Content>',
  }),
  MASK_REGEXES: json<string[]>({
    desc: 'JSON list of regular expressions whose matches become <*> before tokenizing (e.g. IP addresses, block ids)',
    default: [],
    example: '["blk_-?\\\\d+", "(\\\\d+\\\\.){3}\\\\d+(:\\\\d+)?"]',
  }),
  TIME_INTERVALS: exactJson<{ start_ts: number | string; end_ts: number | string }[]>()({
    desc: 'JSON list of {start_ts, end_ts} in ns since the epoch (bare integers or digit strings, read exactly): the logs to train on (Elasticsearch, or timestamped JSONL); empty for all',
    default: [],
    example: '[{"start_ts": 1617039360000000000, "end_ts": 1617039450000000000}]',
  }),
  SPLIT_MAX_VALUES: int({ min: 1, max: 50 })({
    desc: 'A word column with at most this many values splits a template (Brain child direction); more values make it a parameter',
    default: 2,
  }),
  MAX_BELOW_BASELINE: num({
    desc: 'Quality gate: the run fails if parsing accuracy is more than this below the Drain baseline the run computes on the same data',
    default: 0.02,
  }),
  MAX_LOGS: int({ min: 1 })({
    desc: 'Most log lines fetched from Elasticsearch, shared across TIME_INTERVALS in proportion to their counts',
    default: 1_000_000,
  }),
  ES_URL: str({
    desc: 'Elasticsearch URL (https://host:9200), for LOG_SOURCE=elasticsearch',
    default: '',
  }),
  ES_INDEX: str({ desc: 'Elasticsearch index holding the logs', default: 'logs' }),
  ES_USERNAME: str({ desc: 'Elasticsearch user (basic auth); empty for none', default: '' }),
  ES_PASSWORD: secret(str({ desc: 'Elasticsearch password', default: '' })),
  ES_API_KEY: secret(
    str({ desc: 'Elasticsearch API key (instead of user and password)', default: '' }),
  ),
  ES_CA_CERT: str({
    desc: 'Path to the PEM CA certificate that signed the Elasticsearch server certificate; empty for the system CAs',
    default: '',
  }),
  ES_TLS_VERIFY: bool({
    desc: 'Verify the Elasticsearch TLS certificate (turn off only for a throwaway test cluster)',
    default: true,
  }),
  ES_PAGE_SIZE: int({ min: 1, max: 10_000 })({
    desc: 'Documents per Elasticsearch search page',
    default: 5_000,
  }),
};

/** The type of {@link settingsSpec}. */
export type NulogSettingsSpec = typeof settingsSpec;

/** The data shipped in data/: what a run reads instead of its data URIs when USE_SAMPLE_DATA=true. */
export const SAMPLE_DATA = {
  training: 'data/mesh-api-train.log',
  evaluation: 'data/mesh-api-eval_structured.csv',
  logFormat: '<Date> <Time> <Level> <Component>: <Content>',
} as const;
