import { int, port, secret, str } from '@mesh/settings';

/** Settings of the Training API itself; the job backends' are `jobsSettingsSpec`. */
export const apiSettingsSpec = {
  PORT: port({ desc: 'Port the Training API listens on', default: 4000 }),
  HOST: str({
    desc: 'Address it listens on (0.0.0.0 for every interface)',
    default: '127.0.0.1',
  }),
  MESH_API_TOKENS: secret(
    str({
      desc: 'Bearer tokens allowed to submit and cancel jobs, comma-separated (empty: every mutating request is refused)',
      default: '',
    }),
  ),
  BODY_LIMIT_BYTES: int({ min: 1024 })({
    desc: 'Largest request body accepted; larger ones get 413',
    default: 1024 * 1024,
  }),
  LOG_TAIL_LINES: int({ min: 0, max: 1000 })({
    desc: 'Log lines per job in GET /jobs (the tail)',
    default: 20,
  }),
  MAX_LOG_CHARS: int({ min: 1000 })({
    desc: 'Most log characters GET /jobs/:id returns (the newest kept)',
    default: 1_000_000,
  }),
  JOBS_LIST_LIMIT: int({ min: 1, max: 10_000 })({
    desc: 'Most jobs GET /jobs returns (newest first)',
    default: 100,
  }),
};

/** The resolved values of {@link apiSettingsSpec}. */
export interface ApiSettings {
  PORT: number;
  HOST: string;
  MESH_API_TOKENS: string;
  BODY_LIMIT_BYTES: number;
  LOG_TAIL_LINES: number;
  MAX_LOG_CHARS: number;
  JOBS_LIST_LIMIT: number;
}
