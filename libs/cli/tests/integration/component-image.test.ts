import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { connectDocker } from '@mesh/docker';
import { tempTree } from '@mesh/testing';

const exec = promisify(execFile);
const workspace = join(__dirname, '..', '..', '..', '..', '..');
const TAG = `it-${process.pid}`;
const IMAGE = `keywords-train:${TAG}`;
const SECRET = 'do-not-leak-this-secret-value';

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

let docker: Docker;
beforeAll(async () => {
  // A real engine is required: this fails, with how to start one, rather than skipping.
  docker = await connectDocker();
  const built = await mesh(['build', 'keywords', '--component', 'train', '--stage', 'production']);
  if (built.code !== 0) throw new Error(`the image build failed:\n${built.text.slice(-3000)}`);
}, 20 * 60_000);
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

  it('runs as a non-root user and holds no dev dependencies or tests', async () => {
    const output = await exec('docker', [
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      IMAGE,
      '-c',
      'id -u; ls node_modules; ls projects/keywords/train; ls libs',
    ]);
    const [uid, ...rest] = output.stdout.trim().split('\n');
    expect(uid).toBe('1000');
    for (const devOnly of ['jest', 'typescript', 'nx', 'eslint', 'prettier', '@swc'])
      expect(rest).not.toContain(devOnly);
    expect(rest).not.toContain('tests');
    expect(rest).not.toContain('src');
    expect(rest).toEqual(expect.arrayContaining(['dist', 'config', 'data']));
  });

  it('keeps secrets of the building environment out of labels, history and inspect output', async () => {
    const inspected = JSON.stringify(await docker.getImage(IMAGE).inspect());
    const history = JSON.stringify(await docker.getImage(IMAGE).history());
    expect(inspected).not.toContain(SECRET);
    expect(history).not.toContain(SECRET);
  });

  it('trains in a container and registers a version whose lineage carries the image digest', async () => {
    const home = tempTree();
    const started = await mesh(['start', 'keywords', '--component', 'train'], { MESH_HOME: home });
    expect(started.code).toBe(0);
    expect(started.text).toContain('Registered KEYWORDS-TRAINED-1');
    expect(started.text).not.toContain(SECRET);
    const shown = await mesh(['models', 'show', 'KEYWORDS-TRAINED-1', '--json'], {
      MESH_HOME: home,
    });
    const version = JSON.parse(shown.stdout);
    const imageId = (await docker.getImage(IMAGE).inspect()).Id;
    expect(version.lineage.image).toEqual({ reference: IMAGE, digest: imageId });
    expect(version.lineage.git.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(JSON.stringify(version)).not.toContain(SECRET);
  });
});

describe('make projects.deploy', () => {
  it(
    'pushes the image to a registry on loopback and prints the digest the registry stores',
    async () => {
      const { startImageRegistry } = await import('@mesh/testing');
      const registry = await startImageRegistry();
      try {
        const deployed = await mesh(['deploy', 'keywords', '--component', 'train'], {
          REGISTRY: registry.host,
        });
        expect(deployed.code).toBe(0);
        const digest = /Digest: (sha256:[0-9a-f]{64})/.exec(deployed.text)?.[1];
        const tags = await (
          await fetch(`http://${registry.host}/v2/keywords-train/tags/list`)
        ).json();
        expect(tags).toEqual({ name: 'keywords-train', tags: [TAG] });
        const manifest = await fetch(`http://${registry.host}/v2/keywords-train/manifests/${TAG}`, {
          method: 'HEAD',
          headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
        });
        expect(manifest.headers.get('docker-content-digest')).toBe(digest);
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
