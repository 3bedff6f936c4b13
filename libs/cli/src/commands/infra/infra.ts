import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { connectDocker, findCompose } from '@mesh/docker';
import type { Output } from '@mesh/output';
import { MeshError } from '../../errors';
import { workspaceRoot } from '../../workspace';
import { ensureBaseImages } from '../docker/base-images';

/** The compose file and project of the shared local infrastructure. */
const INFRA_FILE = 'docker/infra.compose.yaml';
const INFRA_PROJECT = 'mesh-infra';

/** Loopback ports the infrastructure publishes (see docker/infra.compose.yaml). */
const PORTS = { s3: 4568, postgres: 15432, registry: 5000 } as const;

/**
 * The settings that point a run, and `mesh models`, at the local infrastructure. The database
 * password stays a shell expansion, so printing these never prints it.
 */
export const INFRA_SETTINGS: Record<string, string> = {
  MODEL_STORE_URI: 's3://mesh-models/local',
  S3_ENDPOINT_URL: `http://127.0.0.1:${PORTS.s3}`,
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
  REGISTRY_URL: `postgres://mesh:\${MESH_POSTGRES_PASSWORD:-mesh-local}@127.0.0.1:${PORTS.postgres}/mesh`,
  REGISTRY: `127.0.0.1:${PORTS.registry}`,
};

/** {@link INFRA_SETTINGS} with the password expanded from `env`, for a process mesh starts itself. */
export function infraSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const password = env.MESH_POSTGRES_PASSWORD || 'mesh-local';
  return Object.fromEntries(
    Object.entries(INFRA_SETTINGS).map(([name, value]) => [
      name,
      value.replace('${MESH_POSTGRES_PASSWORD:-mesh-local}', encodeURIComponent(password)),
    ]),
  );
}

/** Options of the `mesh infra` commands. */
export interface InfraOptions {
  cwd: string;
  output: Output;
  env?: NodeJS.ProcessEnv;
  /** How long `up` waits for every port to accept connections, in ms. Default: 60 000. */
  timeoutMs?: number;
}

async function compose(root: string, env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  const command = await findCompose();
  if (!command)
    throw new MeshError(
      'Neither `docker compose` nor `docker-compose` is installed: `sudo apt-get install docker-compose`.',
    );
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      command.file,
      [...command.args, '-f', INFRA_FILE, '-p', INFRA_PROJECT, ...args],
      { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit ?? 1));
  });
  if (code !== 0)
    throw new MeshError(`\`${command.file} ${args.join(' ')}\` for ${INFRA_FILE} exited ${code}.`);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * `mesh infra up`: builds the infrastructure images that are missing, starts an S3 server,
 * PostgreSQL and an image registry on loopback, and waits until each accepts connections.
 */
export async function infraUp(options: InfraOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  const docker = await connectDocker(env);
  await ensureBaseImages({ docker, root, output: options.output, env }, [
    's3rver',
    'postgres',
    'registry',
  ]);
  await compose(root, env, ['up', '-d']);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (const [name, port] of Object.entries(PORTS)) {
    while (!(await portOpen(port))) {
      if (Date.now() > deadline)
        throw new MeshError(
          `The ${name} service is not answering on 127.0.0.1:${port}: see \`docker logs ${INFRA_PROJECT}_${name}_1\`, or whether another process holds the port.`,
        );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  options.output.success(
    `Local infrastructure is up: S3 on 127.0.0.1:${PORTS.s3}, PostgreSQL on 127.0.0.1:${PORTS.postgres}, image registry on 127.0.0.1:${PORTS.registry}.`,
  );
  options.output.info(
    'Point runs and `mesh models` at it with: eval "$(npx mesh infra env)"   (or start with INFRA=true)',
  );
  return 0;
}

/** `mesh infra down`: stops the local infrastructure; its data volumes are kept. */
export async function infraDown(options: InfraOptions): Promise<number> {
  const root = workspaceRoot(options.cwd);
  await compose(root, options.env ?? process.env, ['down']);
  options.output.success('Local infrastructure stopped (its volumes are kept).');
  return 0;
}

/** `mesh infra env`: `export` lines for a shell's eval; the database password stays unexpanded. */
export async function infraEnv(options: InfraOptions): Promise<number> {
  for (const [name, value] of Object.entries(INFRA_SETTINGS))
    options.output.result(`export ${name}="${value}"`);
  return 0;
}

/** True when every infrastructure port accepts connections. */
export async function infraIsUp(): Promise<boolean> {
  const open = await Promise.all(Object.values(PORTS).map(portOpen));
  return open.every(Boolean);
}
