import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';

/** Options of {@link runContainer}. */
export interface RunContainerOptions {
  docker: Docker;
  image: string;
  /** Command to run instead of the image's. */
  command?: string[];
  /** Environment of the container, as `NAME=value`. */
  env: Record<string, string>;
  /** Bind mounts, as `host-path:container-path[:ro]`. */
  binds?: string[];
  /** Run as this `uid:gid`. Default: the image's user. */
  user?: string;
  labels?: Record<string, string>;
  /** Network mode, e.g. `host` so loopback addresses mean the host's. Default: the engine's bridge. */
  network?: string;
  /** GPUs to request (NVIDIA device requests). Default: none. */
  gpus?: number;
  /** The container's name. Default: one the engine picks. */
  name?: string;
  /**
   * Allocate a terminal, as `docker run -t` (output arrives as one raw stream: colours, no
   * stdout/stderr split). Default: false.
   */
  tty?: boolean;
  /** Receives the container's stdout and stderr as they come. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** The Engine's device request for `count` NVIDIA GPUs (`docker run --gpus <count>`). */
export function gpuDeviceRequests(
  count: number,
): Array<{ Driver: string; Count: number; Capabilities: string[][] }> {
  return count > 0 ? [{ Driver: 'nvidia', Count: count, Capabilities: [['gpu']] }] : [];
}

/**
 * Runs a container to completion with its output streamed, removes it, and resolves with its
 * exit code. Interrupting mesh stops the container first.
 */
export async function runContainer(options: RunContainerOptions): Promise<number> {
  const container = await options.docker.createContainer({
    name: options.name,
    Image: options.image,
    Tty: options.tty ?? false,
    Cmd: options.command,
    Env: Object.entries(options.env).map(([name, value]) => `${name}=${value}`),
    User: options.user,
    Labels: options.labels,
    HostConfig: {
      NetworkMode: options.network,
      Binds: options.binds,
      DeviceRequests: options.gpus ? gpuDeviceRequests(options.gpus) : undefined,
    },
  });
  const stop = () => void container.stop({ t: 10 }).catch(() => undefined);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const out = new PassThrough();
    out.pipe(options.stdout ?? process.stdout, { end: false });
    if (options.tty) stream.pipe(out);
    else {
      const err = new PassThrough();
      err.pipe(options.stderr ?? process.stderr, { end: false });
      options.docker.modem.demuxStream(stream, out, err);
    }
    // The engine ends the attached stream once the container has exited and its output is sent.
    const drained = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    (stream as NodeJS.ReadWriteStream & { destroy?: () => void }).destroy?.();
    return StatusCode;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await container.remove({ force: true }).catch(() => undefined);
  }
}
