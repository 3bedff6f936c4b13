import Docker from 'dockerode';
import { DockerUnavailableError } from './errors';

/** Where the Engine API is, for messages: `DOCKER_HOST` or the default socket. */
export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/**
 * A dockerode client for `DOCKER_HOST` (or the default socket), checked with a ping so that a
 * missing engine is one clear error instead of a socket stack trace.
 */
export async function connectDocker(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 5000,
): Promise<Docker> {
  const host = env.DOCKER_HOST;
  const docker = !host
    ? new Docker({ socketPath: '/var/run/docker.sock' })
    : host.startsWith('unix://')
      ? new Docker({ socketPath: host.slice('unix://'.length) })
      : new Docker({
          host: new URL(host.replace(/^tcp:/, 'http:')).hostname,
          port: Number(new URL(host.replace(/^tcp:/, 'http:')).port || 2375),
        });
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs}ms`)), timeoutMs).unref(),
      ),
    ]);
  } catch (error) {
    throw new DockerUnavailableError(dockerEndpoint(env), (error as Error).message);
  }
  return docker;
}
