import { registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import type { JobBackend } from './backend';
import { defaultBackends } from './default-backends';
import { JobRunner } from './job-runner';
import type { BackendName } from './job-types';
import { jobsSettingsSpec, type JobsSettings } from './jobs-settings';
import { openJobStore, type SqlJobStore, type SqlJobStoreOptions } from './store/sql-job-store';

/** Options of {@link openJobs}. */
export interface OpenJobsOptions {
  /** Settings come from here (no config file): `REGISTRY_URL`, `K8S_*`, `VERTEX_*`, ... Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Home of the embedded registry database and the written manifests. */
  meshHome: string;
  /** Overrides of the settings, e.g. `{ K8S_APPLY: '0' }` for a dry run. */
  overrides?: Record<string, string>;
  /** Environment of local jobs. Default: `env`. */
  jobEnv?: NodeJS.ProcessEnv;
  /** Backends to use instead of the default ones. */
  backends?: Partial<Record<BackendName, JobBackend>>;
  /** Where Kubernetes manifests go besides the record (see `defaultBackends`). Default: `log-and-file`. */
  manifests?: 'log-and-file' | 'record';
  /** Names the caller in settings errors. Default: `mesh jobs`. */
  context?: string;
  /** Who checkpoints a SQLite store's log (see {@link SqlJobStoreOptions}). Default: `commit`. */
  walCheckpoints?: SqlJobStoreOptions['walCheckpoints'];
}

/** The job store, a runner over the four backends, and the settings they were made from. */
export interface Jobs {
  store: SqlJobStore;
  runner: JobRunner;
  settings: JobsSettings;
  close(): Promise<void>;
}

/** Opens the job store in the registry's database and a runner with the configured backends. */
export async function openJobs(options: OpenJobsOptions): Promise<Jobs> {
  const env = { ...(options.env ?? process.env), ...options.overrides };
  const context = options.context ?? 'mesh jobs';
  const registry = loadSettings(registrySettingsSpec, { env, configDir: null, context });
  const settings = loadSettings(jobsSettingsSpec, { env, configDir: null, context })
    .values as JobsSettings;
  const store = await openJobStore({
    settings: registry.values,
    meshHome: options.meshHome,
    walCheckpoints: options.walCheckpoints,
  });
  const runner = new JobRunner({
    store,
    backends:
      options.backends ??
      defaultBackends({
        settings,
        meshHome: options.meshHome,
        env: options.jobEnv ?? env,
        manifests: options.manifests,
      }),
  });
  return { store, runner, settings, close: () => store.close() };
}
