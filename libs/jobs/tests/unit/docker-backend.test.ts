import type Docker from 'dockerode';
import { DockerBackend, newJobId, type JobSpec } from '@mesh/jobs';

/** An Engine that records the container it is asked to create, then refuses to. */
function recordingEngine() {
  const created: Array<Record<string, unknown>> = [];
  const docker = {
    getImage: () => ({ inspect: async () => ({ Id: 'sha256:00' }) }),
    createContainer: async (options: Record<string, unknown>) => {
      created.push(options);
      throw new Error('not on this engine');
    },
  } as unknown as Docker;
  return { docker, created };
}

function spec(gpu: number): JobSpec {
  const id = newJobId();
  return {
    id,
    name: `speech-train-${id.slice(0, 8)}`,
    backend: 'docker',
    project: 'speech',
    component: 'train',
    image: 'speech-train:dev',
    args: [],
    env: { EPOCHS: '3' },
    secrets: { HF_TOKEN: 'hf_x' },
    resources: {
      gpu,
      runner: 'self-hosted',
      instanceType: 'g5.xlarge',
      resources: { cpu: '1', memory: '1Gi' },
      kubernetes: { nodeSelector: {}, tolerations: [] },
      env: [],
    },
    request: {},
  };
}

async function createOptions(gpu: number) {
  const { docker, created } = recordingEngine();
  const outcome = await new DockerBackend({ connect: async () => docker }).run({
    spec: spec(gpu),
    signal: new AbortController().signal,
    log: () => undefined,
    externalId: () => undefined,
    status: () => undefined,
  });
  expect(outcome).toMatchObject({
    status: 'failed',
    error: expect.stringContaining('not on this engine'),
  });
  return created[0] as {
    Env: string[];
    Labels: Record<string, string>;
    HostConfig: { DeviceRequests?: unknown };
  };
}

describe('the docker backend', () => {
  it('asks the Engine for the GPUs the component declares', async () => {
    const options = await createOptions(2);
    expect(options.HostConfig.DeviceRequests).toEqual([
      { Driver: 'nvidia', Count: 2, Capabilities: [['gpu']] },
    ]);
    expect(options.Env).toEqual(expect.arrayContaining(['EPOCHS=3', 'HF_TOKEN=hf_x']));
    expect(options.Labels).toMatchObject({
      'dev.mesh.project': 'speech',
      'dev.mesh.component': 'train',
    });
  });

  it('asks for no device without GPUs', async () => {
    expect((await createOptions(0)).HostConfig.DeviceRequests).toBeUndefined();
  });
});
