import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import {
  buildImage,
  connectDocker,
  DockerUnavailableError,
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

describe('connectDocker', () => {
  it('names the endpoint and how to start an engine when none answers', async () => {
    await expect(
      connectDocker({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' } as NodeJS.ProcessEnv),
    ).rejects.toThrow(DockerUnavailableError);
  });
});
