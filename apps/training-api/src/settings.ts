import { bool, int, port, secret, str } from '@mesh/settings';

/** Settings of the Training API itself; the job backends' are `jobsSettingsSpec`. */
export const apiSettingsSpec = {
  PORT: port({ desc: 'Port the Training API listens on', default: 4000 }),
  HOST: str({
    desc: 'Address it listens on (0.0.0.0 for every interface)',
    default: '127.0.0.1',
  }),
  MESH_API_TOKENS: secret(
    str({
      desc: 'Bearer tokens accepted on every route but /health, comma-separated (empty: every such request is refused)',
      default: '',
    }),
  ),
  MESH_API_PUBLIC_READS: bool({
    desc: 'true lets anyone read jobs, logs, models and the OpenAPI document without a token (submitting and cancelling still need one)',
    default: false,
  }),
  MESH_API_ALLOWED_HOSTS: str({
    desc: 'Host names (Host header, port ignored) the service answers, comma-separated; others get 403 (guards against DNS rebinding). Default: loopback names plus HOST',
    default: 'localhost,127.0.0.1,::1',
  }),
  MESH_API_CORS_ORIGINS: str({
    desc: 'Origins allowed to call the API from a browser (CORS), comma-separated, e.g. https://studio.example.com; empty: no CORS',
    default: '',
  }),
  MAX_BODY_DEPTH: int({ min: 2, max: 1000 })({
    desc: 'Deepest nesting of objects and arrays accepted in a request body; deeper gets 400',
    default: 32,
  }),
  MAX_BODY_KEYS: int({ min: 10 })({
    desc: 'Most keys (over all objects) accepted in a request body; more gets 400',
    default: 2000,
  }),
  MAX_FLAGS: int({ min: 1 })({
    desc: 'Most trainer flags (top-level fields plus trainer_args) a request may render; more gets 400',
    default: 500,
  }),
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
  JOBS_LIST_LIMIT: int({ min: 1, max: 1000 })({
    desc: 'Jobs per page of GET /jobs when no limit is given (newest first; limit goes up to 1000)',
    default: 100,
  }),
};

/** The resolved values of {@link apiSettingsSpec}. */
export interface ApiSettings {
  PORT: number;
  HOST: string;
  MESH_API_TOKENS: string;
  MESH_API_PUBLIC_READS: boolean;
  MESH_API_ALLOWED_HOSTS: string;
  MESH_API_CORS_ORIGINS: string;
  MAX_BODY_DEPTH: number;
  MAX_BODY_KEYS: number;
  MAX_FLAGS: number;
  BODY_LIMIT_BYTES: number;
  LOG_TAIL_LINES: number;
  MAX_LOG_CHARS: number;
  JOBS_LIST_LIMIT: number;
}
