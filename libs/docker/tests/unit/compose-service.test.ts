import { interpolateCompose, planServiceContainer } from '@mesh/docker';

const options = (env: NodeJS.ProcessEnv = {}) => ({
  service: 'train',
  projectDir: '/repo/projects/keywords',
  projectName: 'mesh-keywords',
  env,
});

describe('interpolateCompose', () => {
  it('reads $VAR, ${VAR}, ${VAR:-default}, ${VAR-default} and $$ as compose does', () => {
    const env = { SET: 'x', EMPTY: '' };
    expect(interpolateCompose('$SET/${SET}/${UNSET}', env)).toBe('x/x/');
    expect(interpolateCompose('${EMPTY:-d} ${EMPTY-d} ${UNSET-d} ${UNSET:-d}', env)).toBe('d  d d');
    expect(interpolateCompose('$$HOME', env)).toBe('$HOME');
  });
});

describe('planServiceContainer', () => {
  it('makes the container compose run would: env, binds, user, network, labels, command', () => {
    const compose = {
      services: {
        train: {
          build: { context: '../..', target: 'production' },
          image: 'keywords-train:${IMAGE_TAG:-dev}',
          labels: { 'dev.mesh.project': 'keywords' },
          environment: [
            'ENVIRONMENT=${ENVIRONMENT:-dev}',
            'MESH_HOME=/var/lib/mesh',
            'PASSED',
            'UNSET',
          ],
          user: '${MESH_UID:-1000}:${MESH_GID:-1000}',
          volumes: ['${MESH_HOME:-../../.mesh}:/var/lib/mesh', './train/config:/app/config:ro'],
          network_mode: 'host',
          command: ['node', 'main.js'],
        },
      },
    };
    const plan = planServiceContainer(compose, options({ PASSED: 'p', MESH_UID: '0' }));
    expect(plan).toEqual({
      container: {
        image: 'keywords-train:dev',
        command: ['node', 'main.js'],
        env: { ENVIRONMENT: 'dev', MESH_HOME: '/var/lib/mesh', PASSED: 'p' },
        binds: ['/repo/.mesh:/var/lib/mesh', '/repo/projects/keywords/train/config:/app/config:ro'],
        user: '0:1000',
        network: 'host',
        labels: {
          'dev.mesh.project': 'keywords',
          'com.docker.compose.project': 'mesh-keywords',
          'com.docker.compose.service': 'train',
          'com.docker.compose.oneoff': 'True',
        },
        gpus: 0,
      },
    });
    const home = planServiceContainer(compose, options({ MESH_HOME: '/tmp/home' }));
    expect('container' in home && home.container.binds[0]).toBe('/tmp/home:/var/lib/mesh');
  });

  it('counts reserved NVIDIA GPUs', () => {
    const plan = planServiceContainer(
      {
        services: {
          train: {
            image: 'i',
            deploy: {
              resources: {
                reservations: { devices: [{ driver: 'nvidia', count: 2, capabilities: ['gpu'] }] },
              },
            },
          },
        },
      },
      options(),
    );
    expect('container' in plan && plan.container.gpus).toBe(2);
  });

  it.each([
    [{ image: 'i', depends_on: ['s3'] }, 'it uses depends_on'],
    [{ image: 'i', ports: ['9229:9229'] }, 'it uses ports'],
    [{ image: 'i', volumes: ['data:/data'] }, 'volume "data:/data" is a named volume'],
    [{ image: 'i', command: 'npm test' }, 'its command is a string'],
    [{ image: '${TAG:?set TAG}' }, '"${TAG:?set TAG}" is interpolated by compose only'],
    [{ build: '.' }, 'it has no image'],
  ])('leaves %j to compose, saying why', (service, reason) => {
    expect(planServiceContainer({ services: { train: service } }, options())).toEqual({
      needsCompose: reason,
    });
  });

  it('says when the service does not exist', () => {
    expect(planServiceContainer({ services: {} }, options())).toEqual({
      needsCompose: 'the compose file has no service "train"',
    });
  });
});
