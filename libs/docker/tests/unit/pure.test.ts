import {
  composeRunArguments,
  gpuDeviceRequests,
  listBuildContext,
  ociLabels,
  splitReference,
} from '@mesh/docker';
import { tempTree } from '@mesh/testing';

describe('listBuildContext', () => {
  it('walks only what is included and applies .dockerignore with its exceptions', () => {
    const root = tempTree({
      '.dockerignore': '**/node_modules\n**/dist\n.mesh\n!.mesh/build\n',
      'package.json': '{}',
      'libs/a/src/index.ts': '',
      'libs/a/dist/index.js': '',
      'libs/a/node_modules/x/index.js': '',
      'libs/b/src/index.ts': '',
      '.mesh/registry.db': '',
      '.mesh/build/manifests/package.json': '{}',
    });
    expect(listBuildContext({ root, include: ['package.json', 'libs/a', '.mesh/build'] })).toEqual([
      '.mesh/build/manifests/package.json',
      'libs/a/src/index.ts',
      'package.json',
    ]);
  });
});

describe('ociLabels', () => {
  it('sets the OCI annotations and mesh labels, leaving out what is unknown', () => {
    const labels = ociLabels({
      revision: null,
      created: new Date('2026-01-02T03:04:05Z'),
      version: 'v26.1.0',
      project: 'keywords',
      component: 'train',
      stage: 'production',
    });
    expect(labels).toEqual({
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
      'org.opencontainers.image.version': 'v26.1.0',
      'org.opencontainers.image.title': 'keywords-train',
      'dev.mesh.project': 'keywords',
      'dev.mesh.component': 'train',
      'dev.mesh.stage': 'production',
    });
  });
});

describe('image references and devices', () => {
  it('splits registry references with ports into repository and tag', () => {
    expect(splitReference('127.0.0.1:5000/keywords-train:ci-1-1')).toEqual({
      repository: '127.0.0.1:5000/keywords-train',
      tag: 'ci-1-1',
    });
    expect(splitReference('127.0.0.1:5000/keywords-train')).toEqual({
      repository: '127.0.0.1:5000/keywords-train',
      tag: 'latest',
    });
  });

  it('requests NVIDIA GPUs the way docker run --gpus does', () => {
    expect(gpuDeviceRequests(2)).toEqual([{ Driver: 'nvidia', Count: 2, Capabilities: [['gpu']] }]);
    expect(gpuDeviceRequests(0)).toEqual([]);
  });
});

describe('composeRunArguments', () => {
  const options = {
    files: ['projects/keywords/docker-compose.dev.yaml'],
    service: 'train-debug',
    profiles: ['debug'],
    projectName: 'mesh-keywords',
    servicePorts: true,
    command: ['npm', 'run', 'baselines'],
    cwd: '/repo',
  };
  it('puts the plugin subcommand first for compose v2 and nothing for v1', () => {
    const tail = [
      '-f',
      'projects/keywords/docker-compose.dev.yaml',
      '-p',
      'mesh-keywords',
      '--profile',
      'debug',
      'run',
      '--rm',
      '--service-ports',
      'train-debug',
      'npm',
      'run',
      'baselines',
    ];
    expect(
      composeRunArguments({
        ...options,
        compose: { file: 'docker', args: ['compose'], version: 2 },
      }),
    ).toEqual(['compose', ...tail]);
    expect(
      composeRunArguments({
        ...options,
        compose: { file: 'docker-compose', args: [], version: 1 },
      }),
    ).toEqual(tail);
  });
  it('allocates no TTY (-T, before the service) when stdin is piped, for v2 and v1 alike', () => {
    const piped = {
      files: ['projects/keywords/docker-compose.dev.yaml'],
      service: 'train',
      projectName: 'mesh-keywords',
      command: ['npm', '--prefix', 'projects/keywords/train', 'run', '--silent', 'predict'],
      noTty: true,
      cwd: '/repo',
    };
    const tail = [
      '-f',
      'projects/keywords/docker-compose.dev.yaml',
      '-p',
      'mesh-keywords',
      'run',
      '--rm',
      '-T',
      'train',
      'npm',
      '--prefix',
      'projects/keywords/train',
      'run',
      '--silent',
      'predict',
    ];
    expect(
      composeRunArguments({ ...piped, compose: { file: 'docker', args: ['compose'], version: 2 } }),
    ).toEqual(['compose', ...tail]);
    expect(
      composeRunArguments({ ...piped, compose: { file: 'docker-compose', args: [], version: 1 } }),
    ).toEqual(tail);
    expect(
      composeRunArguments({
        ...piped,
        noTty: false,
        compose: { file: 'docker-compose', args: [], version: 1 },
      }),
    ).not.toContain('-T');
  });
});
