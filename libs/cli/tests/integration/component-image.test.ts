import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { GenericContainer, Network, Wait, type StartedTestContainer } from 'testcontainers';
import { connectDocker } from '@mesh/docker';
import { openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { freePort, startImageRegistry, tempTree } from '@mesh/testing';

// The keywords/train image as mesh builds it, checked against a real Docker Engine: its labels
// and contents, a training run against the infrastructure images (s3rver, PostgreSQL, the image
// registry) started with testcontainers, `mesh start` through compose, and pushes.

const exec = promisify(execFile);
const workspace = join(__dirname, '..', '..', '..', '..');
const TAG = `it-${process.pid}`;
const IMAGE = `keywords-train:${TAG}`;
const SECRET = 'do-not-leak-this-secret-value';
const POSTGRES_PASSWORD = 'it-postgres-password';

/** Runs the mesh CLI from the workspace root, asynchronously. */
async function mesh(args: string[], env: Record<string, string> = {}) {
  return exec('node', ['libs/cli/bin/mesh.js', ...args], {
    cwd: workspace,
    env: { ...process.env, CI: 'true', IMAGE_TAG: TAG, AWS_SECRET_ACCESS_KEY: SECRET, ...env },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, text: stdout + stderr, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      text: error.stdout + error.stderr,
      stdout: error.stdout,
    }),
  );
}

/** Everything a started container wrote, once it has exited. */
async function logsOf(container: StartedTestContainer): Promise<string> {
  const stream = await container.logs();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  await new Promise((resolve) => stream.on('end', resolve));
  return text;
}

let docker: Docker;
let imageId: string;
beforeAll(async () => {
  // A real engine is required: this fails, with how to start one, rather than skipping.
  docker = await connectDocker();
  for (const image of ['s3rver', 'postgres', 'registry']) {
    const present = await docker
      .getImage(`mesh/${image}:latest`)
      .inspect()
      .then(() => true)
      .catch(() => false);
    if (present) continue;
    const built = await mesh(['docker', 'build', image]);
    if (built.code !== 0)
      throw new Error(`mesh/${image} did not build:\n${built.text.slice(-3000)}`);
  }
  const built = await mesh(['build', 'keywords', '--component', 'train', '--stage', 'production']);
  if (built.code !== 0) throw new Error(`the image build failed:\n${built.text.slice(-3000)}`);
  imageId = (await docker.getImage(IMAGE).inspect()).Id;
}, 30 * 60_000);
afterAll(async () => {
  await docker
    ?.getImage(IMAGE)
    .remove({ force: true })
    .catch(() => undefined);
});

describe('the keywords/train production image', () => {
  it('carries the OCI labels: revision, created, version, project and component', async () => {
    const { stdout: head } = await exec('git', ['rev-parse', 'HEAD'], { cwd: workspace });
    const labels = (await docker.getImage(IMAGE).inspect()).Config.Labels;
    expect(labels).toMatchObject({
      'org.opencontainers.image.revision': head.trim(),
      'org.opencontainers.image.version': TAG,
      'dev.mesh.project': 'keywords',
      'dev.mesh.component': 'train',
      'dev.mesh.stage': 'production',
    });
    expect(Date.parse(labels['org.opencontainers.image.created'])).toBeGreaterThan(
      Date.now() - 3 * 60 * 60 * 1000,
    );
  });

  it(
    'is not rebuilt when its inputs are unchanged, and is when one of them changes',
    async () => {
      const labels = (await docker.getImage(IMAGE).inspect()).Config.Labels;
      expect(labels['dev.mesh.inputs-hash']).toMatch(/^[0-9a-f]{64}$/);

      const again = await mesh(['build', 'keywords', '--component', 'train']);
      expect(again.code).toBe(0);
      expect(again.text).toContain(`${IMAGE} is up to date: its inputs are unchanged`);
      expect((await docker.getImage(IMAGE).inspect()).Id).toBe(imageId);

      // Another stage is another set of inputs: it builds, and leaves the production image as is.
      const other = await mesh([
        'build',
        'keywords',
        '--component',
        'train',
        '--stage',
        'development',
      ]);
      expect(other.code).toBe(0);
      expect(other.text).not.toContain('is up to date');
      expect((await docker.getImage(IMAGE).inspect()).Id).toBe(imageId);
      await docker
        .getImage(`keywords-train-development:${TAG}`)
        .remove({ force: true })
        .catch(() => undefined);
    },
    20 * 60_000,
  );

  it('runs as a non-root user and holds no dev dependencies or tests', async () => {
    const container = await new GenericContainer(IMAGE)
      .withEntrypoint(['sh'])
      .withCommand(['-c', 'id -u; ls node_modules; ls projects/keywords/train; ls libs'])
      .withWaitStrategy(Wait.forOneShotStartup())
      .start();
    const [uid, ...rest] = (await logsOf(container)).trim().split('\n');
    await container.stop({ remove: true });
    expect(uid).toBe('1000');
    for (const devOnly of ['jest', 'typescript', 'nx', 'eslint', 'prettier', '@swc'])
      expect(rest).not.toContain(devOnly);
    expect(rest).not.toContain('tests');
    expect(rest).not.toContain('src');
    expect(rest).toEqual(expect.arrayContaining(['dist', 'config', 'data']));
  }, 120_000);

  it('keeps secrets of the building environment out of labels, history and inspect output', async () => {
    const inspected = JSON.stringify(await docker.getImage(IMAGE).inspect());
    const history = JSON.stringify(await docker.getImage(IMAGE).history());
    expect(inspected).not.toContain(SECRET);
    expect(history).not.toContain(SECRET);
  });
});

describe('a training container against the infrastructure images', () => {
  it(
    'exits 0 and registers into PostgreSQL and S3, with the image digest in the lineage',
    async () => {
      const network = await new Network().start();
      const started: StartedTestContainer[] = [];
      try {
        const [s3, postgres] = await Promise.all([
          new GenericContainer('mesh/s3rver:latest')
            .withNetwork(network)
            .withNetworkAliases('s3')
            .withExposedPorts(4568)
            .withWaitStrategy(Wait.forListeningPorts())
            .start(),
          new GenericContainer('mesh/postgres:latest')
            .withNetwork(network)
            .withNetworkAliases('postgres')
            .withEnvironment({ POSTGRES_PASSWORD })
            .withExposedPorts(5432)
            .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/))
            .start(),
        ]);
        started.push(s3, postgres);
        const train = await new GenericContainer(IMAGE)
          .withNetwork(network)
          .withEnvironment({
            MODEL_STORE_URI: 's3://mesh-models/it',
            S3_ENDPOINT_URL: 'http://s3:4568',
            AWS_ACCESS_KEY_ID: 'S3RVER',
            AWS_SECRET_ACCESS_KEY: 'S3RVER',
            AWS_REGION: 'us-east-1',
            REGISTRY_URL: `postgres://mesh:${POSTGRES_PASSWORD}@postgres:5432/mesh`,
            MESH_IMAGE_REFERENCE: IMAGE,
            MESH_IMAGE_DIGEST: imageId,
            CI: 'true',
          })
          .withWaitStrategy(Wait.forOneShotStartup())
          .withStartupTimeout(5 * 60_000)
          .start();
        started.push(train);
        const text = await logsOf(train);
        expect(text).toContain('Registered KEYWORDS-TRAINED-1');
        expect(text).not.toContain(POSTGRES_PASSWORD);
        const { State } = await docker.getContainer(train.getId()).inspect();
        expect(State.ExitCode).toBe(0);

        const env = {
          REGISTRY_URL: `postgres://mesh:${POSTGRES_PASSWORD}@${postgres.getHost()}:${postgres.getMappedPort(5432)}/mesh`,
          MODEL_STORE_URI: 's3://mesh-models/it',
          S3_ENDPOINT_URL: `http://${s3.getHost()}:${s3.getMappedPort(4568)}`,
        };
        // The S3 client takes its credentials from the process environment, as in a real run.
        Object.assign(process.env, {
          AWS_ACCESS_KEY_ID: 'S3RVER',
          AWS_SECRET_ACCESS_KEY: 'S3RVER',
          AWS_REGION: 'us-east-1',
        });
        const settings = loadSettings(registrySettingsSpec, { env, configDir: null }).values;
        const registry = await openRegistry({ settings, meshHome: tempTree() });
        try {
          const version = await registry.getVersion('KEYWORDS-TRAINED-1');
          expect(version.lineage.image).toEqual({ reference: IMAGE, digest: imageId });
          expect(version.metrics.f1).toBeGreaterThan(0.45);
          const downloaded = await registry.download(version.id, tempTree());
          expect(downloaded.files).toBe(version.artifacts.length);
        } finally {
          await registry.close();
        }
      } finally {
        await Promise.all(started.map((container) => container.stop({ remove: true })));
        await network.stop();
      }
    },
    10 * 60_000,
  );
});

describe('mesh start (the train service of the compose file)', () => {
  it(
    'trains in a container and registers a version whose lineage carries the image digest',
    async () => {
      const home = tempTree();
      const started = await mesh(['start', 'keywords', '--component', 'train'], {
        MESH_HOME: home,
      });
      expect(started.code).toBe(0);
      // One container, created through the Engine API from the compose file's service.
      expect(started.text).toContain(
        '(service train of projects/keywords/docker-compose.dev.yaml)',
      );
      expect(started.text).toContain('Registered KEYWORDS-TRAINED-1');
      expect(started.text).not.toContain(SECRET);
      const shown = await mesh(['models', 'show', 'KEYWORDS-TRAINED-1', '--json'], {
        MESH_HOME: home,
      });
      const version = JSON.parse(shown.stdout);
      // mesh start builds first, and a build's `created` label makes a new image id.
      const current = (await docker.getImage(IMAGE).inspect()).Id;
      expect(version.lineage.image).toEqual({ reference: IMAGE, digest: current });
      expect(version.lineage.git.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(JSON.stringify(version)).not.toContain(SECRET);
    },
    10 * 60_000,
  );

  it(
    'runs an auxiliary task in the image: make projects.run TASK=baselines',
    async () => {
      const result = await exec(
        'make',
        ['--no-print-directory', 'projects.run/keywords', 'TASK=baselines'],
        {
          cwd: workspace,
          env: { ...process.env, CI: 'true', IMAGE_TAG: TAG, MESH_HOME: tempTree() },
        },
      );
      // The task's table: KP-Miner with the corpus's statistics beats the baselines it gates on.
      const f1 = (label: string) => {
        const row = result.stdout.split('\n').find((line) => line.startsWith(label));
        if (!row) throw new Error(`no "${label}" row in:\n${result.stdout}`);
        return Number(row.slice(label.length).trim());
      };
      const trained = f1('kp-miner (ngrams)');
      expect(trained).toBeGreaterThan(0.5);
      expect(trained).toBeGreaterThan(f1('KP-Miner without corpus statistics'));
      expect(trained).toBeGreaterThan(f1('frequency ranking'));
    },
    10 * 60_000,
  );
});

describe('make projects.deploy and make docker.login', () => {
  it(
    'pushes to the mesh/registry image and prints the digest the registry stores',
    async () => {
      const registry = await new GenericContainer('mesh/registry:latest')
        .withExposedPorts(5000)
        .withWaitStrategy(Wait.forHttp('/v2/', 5000))
        .start();
      // The engine trusts registries on loopback without TLS.
      const host = `127.0.0.1:${registry.getMappedPort(5000)}`;
      try {
        const deployed = await mesh(['deploy', 'keywords', '--component', 'train'], {
          REGISTRY: host,
        });
        expect(deployed.code).toBe(0);
        const digest = /Digest: (sha256:[0-9a-f]{64})/.exec(deployed.text)?.[1];
        const tags = await (await fetch(`http://${host}/v2/keywords-train/tags/list`)).json();
        expect(tags).toEqual({ name: 'keywords-train', tags: [TAG] });
        const manifest = await fetch(`http://${host}/v2/keywords-train/manifests/${TAG}`, {
          method: 'HEAD',
          headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
        });
        expect(manifest.headers.get('docker-content-digest')).toBe(digest);
      } finally {
        await registry.stop({ remove: true });
        await docker
          .getImage(`${host}/keywords-train:${TAG}`)
          .remove({ force: true })
          .catch(() => undefined);
      }
    },
    20 * 60_000,
  );

  it(
    'refuses bad credentials with the registry message and the password redacted; good ones log in and push',
    async () => {
      const password = 'right-horse-battery-staple';
      const registry = await startImageRegistry({ users: { deployer: password } });
      const home = tempTree();
      const env = { REGISTRY: registry.host, REGISTRY_USERNAME: 'deployer', HOME: home };
      try {
        const wrong = 'wrong-password-value';
        const refused = await mesh(['deploy', 'keywords'], { ...env, REGISTRY_PASSWORD: wrong });
        expect(refused.code).toBe(1);
        expect(refused.text).toMatch(
          /Pushing .*keywords-train.* failed: .*(unauthorized|authentication required)/i,
        );
        expect(refused.text).not.toContain(wrong);

        const loginRefused = await mesh(['docker', 'login'], { ...env, REGISTRY_PASSWORD: wrong });
        expect(loginRefused.code).toBe(1);
        expect(loginRefused.text).toContain(`Logging in to ${registry.host} as deployer failed`);
        expect(loginRefused.text).not.toContain(wrong);

        const login = await exec('make', ['--no-print-directory', 'docker.login'], {
          cwd: workspace,
          env: { ...process.env, ...env, REGISTRY_PASSWORD: password },
        });
        expect(login.stdout + login.stderr).toContain(`Logged in to ${registry.host} as deployer`);
        expect(login.stdout + login.stderr).not.toContain(password);

        const pushed = await mesh(['deploy', 'keywords'], { ...env, REGISTRY_PASSWORD: password });
        expect(pushed.code).toBe(0);
        expect(pushed.text).toMatch(/Digest: sha256:[0-9a-f]{64}/);
        expect(pushed.text).not.toContain(password);
      } finally {
        await registry.stop();
        await docker
          .getImage(`${registry.host}/keywords-train:${TAG}`)
          .remove({ force: true })
          .catch(() => undefined);
      }
    },
    20 * 60_000,
  );

  it('says which setting is missing without REGISTRY', async () => {
    const result = await mesh(['deploy', 'keywords'], { REGISTRY: '' });
    expect(result.code).toBe(2);
    expect(result.text).toContain('Set REGISTRY to the registry to push to');
  });
});

describe('make projects.debug and make projects.stop', () => {
  it(
    'publishes the inspector on loopback, waiting for a debugger, until the project is stopped',
    async () => {
      const port = String(await freePort());
      const env = {
        ...process.env,
        CI: 'true',
        IMAGE_TAG: TAG,
        DEBUG_PORT: port,
        MESH_HOME: tempTree(),
      };
      const debug = spawn('make', ['--no-print-directory', 'projects.debug/keywords'], {
        cwd: workspace,
        env,
      });
      let text = '';
      debug.stdout.on('data', (chunk) => (text += chunk));
      debug.stderr.on('data', (chunk) => (text += chunk));
      const exited = new Promise<number>((resolve) =>
        debug.on('close', (code) => resolve(code ?? 1)),
      );
      try {
        let targets: Array<{ type: string; url: string }> = [];
        for (let attempt = 0; attempt < 600 && targets.length === 0; attempt++) {
          targets = await fetch(`http://127.0.0.1:${port}/json/list`)
            .then((response) => response.json() as Promise<typeof targets>)
            .catch(() => []);
          if (targets.length === 0) await new Promise((resolve) => setTimeout(resolve, 500));
        }
        expect(targets[0]?.type).toBe('node');
        expect(targets[0]?.url).toContain('projects/keywords/train/dist/main.js');
        expect(text).toContain(`The inspector waits on 127.0.0.1:${port}`);

        const stopped = await exec('make', ['--no-print-directory', 'projects.stop/keywords'], {
          cwd: workspace,
          env,
        });
        expect(stopped.stdout + stopped.stderr).toMatch(/Stopped \S*keywords\S*debug/);
        expect(await exited).not.toBe(0);
        const left = await docker.listContainers({
          all: true,
          filters: { label: ['dev.mesh.project=keywords'] },
        });
        expect(left).toEqual([]);
      } finally {
        debug.kill();
      }
    },
    10 * 60_000,
  );
});
