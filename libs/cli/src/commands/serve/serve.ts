import type { Output } from '@mesh/output';
import { meshHome } from '@mesh/pipeline';
import {
  fileApiSettingsSpec,
  openFileApi,
  registrySettingsSpec,
  type FileApiSettings,
  type RegistrySettings,
} from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { startTrainingApi, type Mount } from '@mesh/training-api';
import { workspaceRoot } from '../../workspace';

/** Options of `mesh serve`. */
export interface ServeOptions {
  cwd: string;
  output: Output;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh serve`: the Training API on `PORT`, until SIGINT or SIGTERM. Jobs it runs locally are
 * cancelled on the way down; records survive in the registry's database.
 */
export async function serve(options: ServeOptions): Promise<number> {
  const root = workspaceRoot(options.cwd);
  const env = options.env ?? process.env;
  const files = fileApiMount(root, env);
  const api = await startTrainingApi({ root, env, mounts: files ? [files.mount] : [] });
  options.output.info(
    `Training API listening on ${api.url} (web page at ${api.url}/, OpenAPI at ${api.url}/openapi.json)`,
  );
  if (files)
    options.output.info(`File API at ${api.url}${files.mount.path}/, serving ${files.uri}`);
  // Training requests over NATS, when NATS_URL is set (separate from the API: see training-trigger.ts).
  const nats = env.NATS_URL
    ? await (
        await import('./training-trigger.js')
      ).startNatsTraining({
        root,
        env,
        output: options.output,
      })
    : undefined;
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  options.output.info('Stopping the Training API');
  await nats?.close();
  await api.close();
  return 0;
}

/** The file API to serve under `FILE_API_MOUNT`, when that is set. */
function fileApiMount(
  root: string,
  env: NodeJS.ProcessEnv,
): { mount: Mount; uri: string } | undefined {
  const load = <S extends object>(spec: S) =>
    loadSettings(spec as never, { env, configDir: null, context: 'mesh serve' }).values;
  const settings = load(fileApiSettingsSpec) as FileApiSettings;
  if (!settings.FILE_API_MOUNT) return undefined;
  const { handler, uri } = openFileApi({
    settings,
    registry: load(registrySettingsSpec) as RegistrySettings,
    meshHome: meshHome(root, env),
    basePath: settings.FILE_API_MOUNT,
  });
  return { mount: { path: settings.FILE_API_MOUNT, handler }, uri };
}
