import { createServer, type Server } from 'node:http';
import { Output } from '@mesh/output';
import { meshHome } from '@mesh/pipeline';
import {
  fileApiSettingsSpec,
  openFileApi,
  registrySettingsSpec,
  type FileApiSettings,
  type RegistrySettings,
} from '@mesh/registry';
import { int, loadSettings, str } from '@mesh/settings';
import { cbngComponent } from '../component';
import { listen, untilStopped } from './listen';

/** Where `run-file-api` listens; the store and key are {@link fileApiSettingsSpec}. */
export const fileApiServerSpec = {
  PORT: int({ min: 0, max: 65535 })({
    desc: 'Port the file API listens on (0: any free one)',
    default: 8000,
  }),
  HOST: str({
    desc: 'Address the file API listens on (0.0.0.0 for every interface)',
    default: '127.0.0.1',
  }),
};

/** A running file API. */
export interface FileApiServer {
  url: string;
  /** The store it serves, e.g. `s3://bucket/prefix/files`. */
  storeUri: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts the file API (the seed's `run-file-api`): read access to the store for people and
 * tools, write-once access for the trainer's jobs with `FILE_API_KEY`.
 */
export async function startFileApi(
  env: Record<string, string | undefined> = process.env,
): Promise<FileApiServer> {
  const load = <S extends object>(spec: S) =>
    loadSettings(spec as never, { env, configDir: null, context: 'the file API' }).values;
  const address = load(fileApiServerSpec) as { PORT: number; HOST: string };
  const { handler, uri } = openFileApi({
    settings: load(fileApiSettingsSpec) as FileApiSettings,
    registry: load(registrySettingsSpec) as RegistrySettings,
    meshHome: meshHome(cbngComponent.root, env),
  });
  const server = createServer((request, response) => void handler(request, response));
  const { url, close } = await listen(server, address.PORT, address.HOST);
  return { url, storeUri: uri, server, close };
}

/** `cbng-trainer run-file-api`: serves until SIGINT or SIGTERM. */
export async function runFileApi(
  env: Record<string, string | undefined> = process.env,
  output: Output = new Output({ env }),
): Promise<number> {
  const api = await startFileApi(env);
  output.info(
    `File API listening on ${api.url}, serving ${api.storeUri} (${env.FILE_API_KEY ? 'writes with FILE_API_KEY' : 'read-only: FILE_API_KEY is not set'})`,
  );
  await untilStopped();
  await api.close();
  return 0;
}
