import type { FastifyInstance } from 'fastify';
import { openJobs, type Jobs } from '@mesh/jobs';
import { meshHome as defaultMeshHome, readGitInfo } from '@mesh/pipeline';
import { openRegistry, registrySettingsSpec, type Registry } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { buildApp, type Mount } from './app';
import { replanFromRecord } from './plan-train';
import { apiSettingsSpec, type ApiSettings } from './settings';

/** Options of {@link startTrainingApi}. */
export interface StartTrainingApiOptions {
  /** The workspace root: its components are what `POST /train` can run. */
  root: string;
  /** Settings come from here: `PORT`, `MESH_API_TOKENS`, `REGISTRY_URL`, `K8S_*`, ... Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Listen on this port instead of `PORT` (0: any free one). */
  port?: number;
  /** Services served under paths of the API (see {@link Mount}). Default: none. */
  mounts?: readonly Mount[];
}

/** A running Training API. */
export interface TrainingApi {
  url: string;
  app: FastifyInstance;
  jobs: Jobs;
  registry: Registry;
  settings: ApiSettings;
  /** Jobs marked failed at start because the process running them had died. */
  recovered: string[];
  /** Stops listening, cancels the local jobs it runs (recording them), and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the Training API: settings through libs/settings (the environment, no config file),
 * the job store and model registry in the registry's database, recovery of jobs orphaned by a
 * previous run, then the HTTP server.
 */
export async function startTrainingApi(options: StartTrainingApiOptions): Promise<TrainingApi> {
  const env = options.env ?? process.env;
  const settings = loadSettings(apiSettingsSpec, {
    env,
    configDir: null,
    context: 'the Training API',
  }).values as ApiSettings;
  const home = defaultMeshHome(options.root, env);
  // Jobs never see the service's own tokens.
  const jobEnv = Object.fromEntries(
    Object.entries(env).filter(([name]) => name !== 'MESH_API_TOKENS'),
  );
  const jobs = await openJobs({
    env,
    meshHome: home,
    jobEnv,
    context: 'the Training API',
    // The manifest is stored once with the record and served by GET /jobs/:id/manifest.
    manifests: 'record',
    // The service writes continuously: SQLite's log is copied off the event loop.
    walCheckpoints: 'worker',
  });
  const registrySettings = loadSettings(registrySettingsSpec, { env, configDir: null });
  const registry = await openRegistry({ settings: registrySettings.values, meshHome: home });
  const git = await readGitInfo(options.root, env);
  const planContext = {
    root: options.root,
    meshHome: home,
    jobs: jobs.settings,
    env: jobEnv,
    gitSha: git.sha ?? undefined,
  };
  const recovered = await jobs.runner.recover(undefined, (record) =>
    replanFromRecord(record, planContext),
  );
  const app = await buildApp({
    root: options.root,
    meshHome: home,
    settings,
    jobs,
    registry,
    env: jobEnv,
    gitSha: git.sha ?? undefined,
    mounts: options.mounts,
  });
  await app.listen({ port: options.port ?? settings.PORT, host: settings.HOST });
  const { port } = app.server.address() as { port: number };
  const host = settings.HOST === '0.0.0.0' ? '127.0.0.1' : settings.HOST;
  return {
    url: `http://${host}:${port}`,
    app,
    jobs,
    registry,
    settings,
    recovered: recovered.map((record) => record.id),
    async close() {
      await app.close();
      await jobs.runner.shutdown('cancelled');
      await jobs.close();
      await registry.close();
    },
  };
}
