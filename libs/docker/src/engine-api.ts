/** What an image inspection tells a caller deciding whether to build. */
export interface ImageSummary {
  id: string;
  labels: Record<string, string>;
}

/** A container to run to completion: what `docker run --rm` takes. */
export interface ContainerRun {
  image: string;
  /** Command to run instead of the image's. */
  command?: string[];
  /** Environment of the container, as names and values. */
  env: Record<string, string>;
  /** Bind mounts, as `host-path:container-path[:ro]`. */
  binds?: string[];
  /** Run as this `uid:gid`. Default: the image's user. */
  user?: string;
  labels?: Record<string, string>;
  /** Network mode, e.g. `host`. Default: the engine's bridge. */
  network?: string;
  /** NVIDIA GPUs to request. Default: none. */
  gpus?: number;
  /** The container's name. Default: one the engine picks. */
  name?: string;
  /** Allocate a terminal (`docker run -t`): one raw output stream. Default: false. */
  tty?: boolean;
  /** Receive the container's stdout and stderr. Default: this process's. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/**
 * The few Engine API calls that running an already built image needs. `mesh start` uses them
 * when its image is up to date, without loading dockerode (and the gRPC and SSH modules it
 * loads), whose load is a good part of a start's overhead; builds and pushes use dockerode.
 */
export interface EngineApi {
  /** Throws DockerUnavailableError, saying how to start one, when no engine answers. */
  ping(): Promise<void>;
  /** The image, or undefined when the engine has none by that reference. */
  inspectImage(reference: string): Promise<ImageSummary | undefined>;
  /**
   * Creates, starts and removes a container, streaming its output, and resolves with its exit
   * code. SIGINT or SIGTERM to this process stops the container first.
   */
  runContainer(run: ContainerRun): Promise<number>;
}
