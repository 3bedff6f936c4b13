/** Where the Engine API listens, as connection options and as shown in messages. */
export interface DockerEndpoint {
  socketPath?: string;
  host?: string;
  port?: number;
  /** e.g. `unix:///var/run/docker.sock` or `tcp://127.0.0.1:2375`. */
  label: string;
}

/** The Engine API named by `DOCKER_HOST` (`unix://` or `tcp://`), else the default Unix socket. */
export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  const host = env.DOCKER_HOST;
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375), label: host };
  }
  const socketPath = host?.startsWith('unix://')
    ? host.slice('unix://'.length)
    : '/var/run/docker.sock';
  return { socketPath, label: `unix://${socketPath}` };
}
