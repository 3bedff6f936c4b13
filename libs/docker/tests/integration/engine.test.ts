import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import {
  buildImage,
  connectDocker,
  DockerUnavailableError,
  EngineApiError,
  EngineHttp,
  ImageBuildError,
  runContainer,
} from '@mesh/docker';
import { tempTree } from '@mesh/testing';

const BASE = 'mesh/debian:latest';
let docker: Docker;

beforeAll(async () => {
  // A real engine is required: this fails, with how to start one, rather than skipping.
  docker = await connectDocker();
  await docker
    .getImage(BASE)
    .inspect()
    .catch(() => {
      throw new Error(
        `${BASE} is missing: build it with \`make docker.build/debian\` (bash .ci/run does).`,
      );
    });
});

describe('buildImage', () => {
  it('builds with labels and build args, streaming each step', async () => {
    const root = tempTree({
      Dockerfile: `FROM ${BASE}\nARG GREETING\nRUN echo "$GREETING" > /greeting\n`,
    });
    const steps: string[] = [];
    const built = await buildImage({
      docker,
      root,
      files: ['Dockerfile'],
      dockerfile: 'Dockerfile',
      tags: [`mesh-test/labels:${process.pid}`],
      buildArgs: { GREETING: 'hello' },
      labels: { 'dev.mesh.project': 'test' },
      onEvent: (event) => event.step && steps.push(event.step),
    });
    const inspected = await docker.getImage(built.id).inspect();
    expect(inspected.Config.Labels).toMatchObject({ 'dev.mesh.project': 'test' });
    expect(steps).toEqual([
      `Step 1/4 : FROM ${BASE}`,
      'Step 2/4 : ARG GREETING',
      'Step 3/4 : RUN echo "$GREETING" > /greeting',
      'Step 4/4 : LABEL dev.mesh.project=test',
    ]);
    await docker.getImage(built.id).remove({ force: true });
  }, 120_000);

  it('fails at a failing RUN step with that step and its output', async () => {
    const root = tempTree({ Dockerfile: `FROM ${BASE}\nRUN echo "about to fail" && exit 3\n` });
    const failure = buildImage({
      docker,
      root,
      files: ['Dockerfile'],
      dockerfile: 'Dockerfile',
      tags: [`mesh-test/fails:${process.pid}`],
    });
    await expect(failure).rejects.toThrow(ImageBuildError);
    await expect(failure).rejects.toThrow(
      /failed at "Step 2\/2 : RUN echo "about to fail" && exit 3": The command .* returned a non-zero code: 3\n[^]*\nabout to fail\n/,
    );
  }, 120_000);

  it('stops a build that goes silent for longer than the idle timeout', async () => {
    const root = tempTree({ Dockerfile: `FROM ${BASE}\nRUN sleep 30\n` });
    const failure = buildImage({
      docker,
      root,
      files: ['Dockerfile'],
      dockerfile: 'Dockerfile',
      tags: [`mesh-test/slow:${process.pid}`],
      idleTimeoutMs: 3000,
    });
    await expect(failure).rejects.toThrow(
      /produced no output for 3s at "Step 2\/2 : RUN sleep 30" and was stopped/,
    );
  }, 60_000);
});

describe('runContainer', () => {
  it("streams a container's output and returns its exit code", async () => {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (chunk) => (text += chunk));
    const code = await runContainer({
      docker,
      image: BASE,
      command: ['sh', '-c', 'echo "hello $WORD"; exit 4'],
      env: { WORD: 'mesh' },
      stdout,
      stderr: new PassThrough(),
    });
    expect(code).toBe(4);
    expect(text).toBe('hello mesh\n');
  }, 60_000);
});

describe('EngineHttp (no dockerode)', () => {
  const engine = new EngineHttp();

  it('runs a container to its exit code with stdout and stderr apart, and removes it', async () => {
    let out = '';
    let err = '';
    const stdout = new PassThrough().on('data', (chunk) => (out += chunk));
    const stderr = new PassThrough().on('data', (chunk) => (err += chunk));
    const name = `mesh-engine-http-${process.pid}`;
    const code = await engine.runContainer({
      image: BASE,
      name,
      // Enough lines that output still arriving after the exit would be cut short.
      command: ['sh', '-c', 'seq 1 2000; echo "to $WORD" >&2; exit 3'],
      env: { WORD: 'stderr' },
      labels: { 'dev.mesh.project': 'engine-http-test' },
      stdout,
      stderr,
    });
    expect(code).toBe(3);
    expect(out.split('\n')).toHaveLength(2001);
    expect(out.endsWith('1999\n2000\n')).toBe(true);
    expect(err).toBe('to stderr\n');
    expect(await docker.listContainers({ all: true, filters: { name: [name] } })).toEqual([]);
  }, 60_000);

  it('stops the container on Ctrl-C (SIGINT), returns its exit code and removes it', async () => {
    const name = `mesh-engine-http-int-${process.pid}`;
    const running = engine.runContainer({
      image: BASE,
      name,
      // Exits 130 on the SIGTERM the engine's stop sends, as a component's run does.
      command: ['sh', '-c', 'trap "exit 130" TERM; echo started; sleep 300 & wait'],
      env: {},
      stdout: new PassThrough(),
      stderr: new PassThrough(),
    });
    for (let i = 0; i < 240; i++) {
      const [found] = await docker.listContainers({ filters: { name: [name] } });
      if (found?.State === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // What the terminal's Ctrl-C delivers to mesh; the handler EngineHttp installed stops it.
    process.emit('SIGINT', 'SIGINT');
    expect(await running).toBe(130);
    expect(await docker.listContainers({ all: true, filters: { name: [name] } })).toEqual([]);
  }, 120_000);

  it('inspects an image, answers undefined for a missing one, and names a refused call', async () => {
    const image = await engine.inspectImage(BASE);
    expect(image?.id).toBe((await docker.getImage(BASE).inspect()).Id);
    expect(await engine.inspectImage(`mesh-test/absent:${process.pid}`)).toBeUndefined();
    await expect(
      engine.runContainer({ image: BASE, env: {}, network: 'no-such-network-mode' }),
    ).rejects.toThrow(EngineApiError);
  }, 60_000);

  it('names the endpoint and how to start an engine when none answers', async () => {
    await expect(
      new EngineHttp({}, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }).ping(),
    ).rejects.toThrow('Docker Engine is not reachable at unix:///nonexistent/docker.sock');
  });
});

describe('connectDocker', () => {
  it('names the endpoint and how to start an engine when none answers', async () => {
    await expect(
      connectDocker({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' } as NodeJS.ProcessEnv),
    ).rejects.toThrow(DockerUnavailableError);
  });
});
