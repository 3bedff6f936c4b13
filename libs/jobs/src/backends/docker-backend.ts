import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { dockerLib } from '../docker-lib';
import type { JobBackend, JobContext, JobOutcome } from '../backend';
import type { JobRecord } from '../job-types';
import { labelValue } from '../names';
import { expandSecretArgs } from '../trainer-request';
import { lineWriter } from '../line-writer';

/** Options of {@link DockerBackend}. */
export interface DockerBackendOptions {
  /** The Engine client, connected when first needed (e.g. `() => connectDocker(env)`). */
  connect: () => Promise<Docker>;
  /** Seconds a stopped container has before it is killed. Default: 10. */
  stopTimeoutSeconds?: number;
}

/**
 * Runs a job in a container of its image through dockerode: settings as environment, NVIDIA
 * device requests when the component declares GPUs, stdout and stderr streamed line by line,
 * and the container removed at the end whatever happened.
 */
export class DockerBackend implements JobBackend {
  readonly name = 'docker' as const;

  constructor(private readonly options: DockerBackendOptions) {}

  async run(context: JobContext): Promise<JobOutcome> {
    const { spec, signal } = context;
    if (!spec.image) return { status: 'failed', error: 'The docker backend needs an image.' };
    let docker: Docker;
    try {
      docker = await this.options.connect();
    } catch (error) {
      return { status: 'failed', error: (error as Error).message };
    }
    const gpus = spec.resources.gpu;
    let container: Docker.Container;
    try {
      await docker.getImage(spec.image).inspect();
    } catch {
      return {
        status: 'failed',
        error: `Image ${spec.image} does not exist on this engine: build it first (make projects.build/${spec.project ?? '<project>'} COMPONENT=${spec.component ?? 'train'}).`,
      };
    }
    try {
      container = await docker.createContainer({
        name: spec.name,
        Image: spec.image,
        Cmd: spec.args.length > 0 ? expandSecretArgs(spec.args, spec.secrets) : undefined,
        Env: Object.entries({ ...spec.env, ...spec.secrets }).map(
          ([name, value]) => `${name}=${value}`,
        ),
        User: spec.docker?.user,
        Labels: {
          'dev.mesh.job-id': spec.id,
          ...(spec.project ? { 'dev.mesh.project': spec.project } : {}),
          ...(spec.component ? { 'dev.mesh.component': spec.component } : {}),
          ...(spec.gitSha ? { 'dev.mesh.git-sha': labelValue(spec.gitSha) } : {}),
        },
        HostConfig: {
          NetworkMode: spec.docker?.network,
          Binds: spec.docker?.binds,
          DeviceRequests: gpus > 0 ? dockerLib().gpuDeviceRequests(gpus) : undefined,
        },
      });
    } catch (error) {
      return {
        status: 'failed',
        error: `Cannot create the container: ${(error as Error).message}`,
      };
    }
    context.externalId(container.id);
    context.log(
      'system',
      `Created container ${container.id.slice(0, 12)} of ${spec.image}${gpus > 0 ? ` with ${gpus} GPU(s)` : ''}`,
    );
    const stop = () =>
      void container.stop({ t: this.options.stopTimeoutSeconds ?? 10 }).catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    try {
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      const out = new PassThrough();
      const err = new PassThrough();
      out.pipe(lineWriter((line) => context.log('stdout', line)));
      err.pipe(lineWriter((line) => context.log('stderr', line)));
      docker.modem.demuxStream(stream, out, err);
      const ended = new Promise<void>((resolve) => stream.on('end', resolve));
      await container.start();
      context.status('running');
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      // The attached stream ends once the container's output is drained.
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      out.end();
      err.end();
      if (signal.aborted)
        return signal.reason === 'timeout'
          ? { status: 'failed', exitCode: StatusCode, error: 'timed out' }
          : { status: 'cancelled', exitCode: StatusCode };
      return StatusCode === 0
        ? { status: 'succeeded', exitCode: 0 }
        : { status: 'failed', exitCode: StatusCode, error: `exited with code ${StatusCode}` };
    } catch (error) {
      return { status: 'failed', error: (error as Error).message };
    } finally {
      signal.removeEventListener('abort', stop);
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  async stopExternal(record: JobRecord): Promise<boolean> {
    if (!record.externalId) return false;
    try {
      const docker = await this.options.connect();
      await docker
        .getContainer(record.externalId)
        .stop({ t: this.options.stopTimeoutSeconds ?? 10 });
      return true;
    } catch {
      return false;
    }
  }
}
