import type Docker from 'dockerode';
import { dockerEndpoint, type DockerEndpoint } from './docker-endpoint';
import { DockerUnavailableError } from './errors';

export { dockerEndpoint, type DockerEndpoint };

/**
 * A dockerode client for `DOCKER_HOST` (or the default socket), checked with a ping so that a
 * missing engine is one clear error instead of a socket stack trace.
 */
export async function connectDocker(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 5000,
): Promise<Docker> {
  const { label, ...connection } = dockerEndpoint(env);
  // Loaded here, not at the top: it loads gRPC and SSH modules, which a run of an up-to-date
  // image (EngineHttp) does without.
  const { default: Dockerode } = await import('dockerode');
  const docker = new Dockerode(connection);
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs}ms`)), timeoutMs).unref(),
      ),
    ]);
  } catch (error) {
    throw new DockerUnavailableError(label, (error as Error).message);
  }
  return docker;
}
