import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connectDocker } from '@mesh/docker';
import { componentJobSpec, DockerBackend, JobRunner, openJobStore } from '@mesh/jobs';
import { openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { resolveComponent } from '@mesh/workspace';
import { jobsSettings } from '../unit/settings';
import { ROOT } from '../integration/build-keywords';

// The image is built by the CLI as `make projects.build/keywords` does, under its own tag.
const IMAGE_TAG = process.env.IMAGE_TAG || 'jobs-test';

function buildImage(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const output: Buffer[] = [];
    const child = spawn(
      process.execPath,
      [join(ROOT, 'libs/cli/bin/mesh.js'), 'build', 'keywords', '--component', 'train'],
      { cwd: ROOT, env: { ...process.env, IMAGE_TAG }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: Buffer.concat(output).toString() }));
  });
}

describe('the docker backend', () => {
  beforeAll(async () => {
    // Fails, rather than skips, without an engine: the message says how to start one.
    await connectDocker();
    const built = await buildImage();
    if (built.code !== 0)
      throw new Error(
        `Building keywords-train:${IMAGE_TAG} failed (needs mesh/node-base: make docker.build/node-base):\n${built.output.slice(-3000)}`,
      );
  }, 600_000);

  it('runs the keywords image to a registered version and removes the container', async () => {
    const home = tempTree();
    const store = await openJobStore({ settings: { REGISTRY_URL: '' }, meshHome: home });
    const runner = new JobRunner({
      store,
      backends: { docker: new DockerBackend({ connect: () => connectDocker() }) },
    });
    const spec = componentJobSpec({
      root: ROOT,
      component: resolveComponent(ROOT, 'keywords', 'train'),
      backend: 'docker',
      settings: { TOP_N: '10', EXAMPLE_API_TOKEN: 'tok-should-never-be-stored' },
      jobs: jobsSettings(),
      meshHome: home,
      env: { IMAGE_TAG },
    });
    expect(spec.image).toBe(`keywords-train:${IMAGE_TAG}`);
    try {
      const record = await runner.run(spec);
      const log = await store.logs(spec.id);
      expect({ status: record.status, error: record.error }).toEqual({
        status: 'succeeded',
        error: null,
      });
      expect(record.exitCode).toBe(0);
      expect(log.some((entry) => /KEYWORDS-TRAINED-1/.test(entry.line))).toBe(true);
      expect(JSON.stringify({ record, log })).not.toContain('tok-should-never-be-stored');
      const docker = await connectDocker();
      await expect(docker.getContainer(record.externalId!).inspect()).rejects.toThrow();
    } finally {
      await store.close();
    }
    const settings = loadSettings(registrySettingsSpec, { env: {}, configDir: null });
    const registry = await openRegistry({ settings: settings.values, meshHome: home });
    try {
      const versions = await registry.listVersions({ model: 'KEYWORDS-TRAINED' });
      expect(versions.map((version) => version.id)).toEqual(['KEYWORDS-TRAINED-1']);
    } finally {
      await registry.close();
    }
  }, 300_000);
});
