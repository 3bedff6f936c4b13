import { request, type IncomingMessage } from 'node:http';
import type { ContainerRun, EngineApi, ImageSummary } from './engine-api';
import { dockerEndpoint, type DockerEndpoint } from './docker-endpoint';
import { DockerUnavailableError, EngineApiError } from './errors';
import { gpuDeviceRequests } from './run-container';

/** Options of {@link EngineHttp}. */
export interface EngineHttpOptions {
  /** Where the engine listens. Default: `DOCKER_HOST`, else the default Unix socket. */
  endpoint?: DockerEndpoint;
  /** How long a ping may take. Default: 5000 ms. */
  pingTimeoutMs?: number;
}

/**
 * {@link EngineApi} over plain HTTP (Node's own client, on the Unix socket or TCP of
 * `DOCKER_HOST`): no dockerode, so a run of an up-to-date image starts in a fraction of the time.
 */
export class EngineHttp implements EngineApi {
  private readonly endpoint: DockerEndpoint;
  private readonly pingTimeoutMs: number;

  constructor(options: EngineHttpOptions = {}, env: NodeJS.ProcessEnv = process.env) {
    this.endpoint = options.endpoint ?? dockerEndpoint(env);
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5000;
  }

  async ping(): Promise<void> {
    try {
      const response = await this.call('GET', '/_ping', undefined, this.pingTimeoutMs);
      // The answer is the text OK, not JSON.
      if (response.statusCode !== 200) throw await this.failure('GET', '/_ping', response);
      response.resume();
    } catch (error) {
      throw new DockerUnavailableError(this.endpoint.label, (error as Error).message);
    }
  }

  async inspectImage(reference: string): Promise<ImageSummary | undefined> {
    const image = (await this.json(
      'GET',
      `/images/${encodeURIComponent(reference)}/json`,
      undefined,
      { missing: 'undefined' },
    )) as { Id: string; Config?: { Labels?: Record<string, string> | null } } | undefined;
    return image && { id: image.Id, labels: image.Config?.Labels ?? {} };
  }

  async runContainer(run: ContainerRun): Promise<number> {
    const query = run.name ? `?name=${encodeURIComponent(run.name)}` : '';
    const created = (await this.json('POST', `/containers/create${query}`, {
      Image: run.image,
      Cmd: run.command,
      Env: Object.entries(run.env).map(([name, value]) => `${name}=${value}`),
      User: run.user,
      Labels: run.labels,
      Tty: run.tty ?? false,
      HostConfig: {
        NetworkMode: run.network,
        Binds: run.binds,
        DeviceRequests: run.gpus ? gpuDeviceRequests(run.gpus) : undefined,
      },
    })) as { Id: string };
    const id = created.Id;
    const stop = () =>
      void this.json('POST', `/containers/${id}/stop?t=10`, undefined).catch(() => undefined);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      // Attached before the start, so no output is missed; the engine ends the stream at exit.
      const attached = await this.call(
        'POST',
        `/containers/${id}/attach?stream=1&stdout=1&stderr=1`,
        undefined,
      );
      if (attached.statusCode !== 200) throw await this.failure('POST', 'attach', attached);
      const stdout = run.stdout ?? process.stdout;
      const stderr = run.stderr ?? process.stderr;
      const drained = run.tty ? pipeRaw(attached, stdout) : demultiplex(attached, stdout, stderr);
      await this.json('POST', `/containers/${id}/start`, undefined);
      const { StatusCode } = (await this.json('POST', `/containers/${id}/wait`, undefined)) as {
        StatusCode: number;
      };
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      attached.destroy();
      return StatusCode;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await this.json('DELETE', `/containers/${id}?force=1`, undefined).catch(() => undefined);
    }
  }

  /** A JSON call: its parsed answer, or undefined for no content (or for 404 when asked); failures throw. */
  private async json(
    method: string,
    path: string,
    body: unknown,
    options: { timeoutMs?: number; missing?: 'undefined' } = {},
  ): Promise<unknown> {
    const response = await this.call(method, path, body, options.timeoutMs);
    if (response.statusCode === 404 && options.missing === 'undefined') {
      response.resume();
      return undefined;
    }
    if ((response.statusCode ?? 500) >= 300) throw await this.failure(method, path, response);
    const text = await readText(response);
    return text ? JSON.parse(text) : undefined;
  }

  private call(
    method: string,
    path: string,
    body: unknown,
    timeoutMs?: number,
  ): Promise<IncomingMessage> {
    const { socketPath, host, port } = this.endpoint;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          socketPath,
          host,
          port,
          method,
          path,
          headers: payload
            ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
            : {},
        },
        resolve,
      );
      req.on('error', reject);
      if (timeoutMs)
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs}ms`)));
      req.end(payload);
    });
  }

  private async failure(method: string, path: string, response: IncomingMessage) {
    const text = await readText(response);
    let message = text.trim();
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: the text as it came
    }
    return new EngineApiError(`${method} ${path.split('?')[0]}`, response.statusCode ?? 0, message);
  }
}

function readText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => resolve(text));
    response.on('error', reject);
  });
}

function pipeRaw(stream: IncomingMessage, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => out.write(chunk));
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
}

/**
 * Splits the engine's multiplexed stream (frames of an 8-byte header: stream 1 or 2, then the
 * payload's length, big-endian, in bytes 4 to 7) into stdout and stderr.
 */
export function demultiplex(
  stream: NodeJS.ReadableStream,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        (pending[0] === 2 ? stderr : stdout).write(pending.subarray(8, 8 + size));
        pending = pending.subarray(8 + size);
      }
    });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
}
