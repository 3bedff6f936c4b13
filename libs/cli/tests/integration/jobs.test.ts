import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { validateJobManifest } from '@mesh/jobs';
import { Output } from '@mesh/output';
import { tempTree } from '@mesh/testing';
import { main } from '../../src/main';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SECRET = 'sk_live_0c9d8e7f6a5b';

async function mesh(cwd: string, env: Record<string, string>, ...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = new Output({ stdout, stderr, env: { CI: 'true' } });
  const previous = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(['node', 'mesh', ...args], cwd, output);
    return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
  } finally {
    process.env = previous;
  }
}

/** A workspace with one component that declares a GPU. */
function gpuWorkspace(): string {
  return tempTree({
    'nx.json': '{}',
    'projects/speech/train/package.json': JSON.stringify({
      name: '@mesh/speech-train',
      mesh: {
        gpu: 1,
        'instance-type': 'g5.xlarge',
        resources: { cpu: '4', memory: '16Gi' },
        kubernetes: {
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        },
      },
    }),
  });
}

describe('mesh jobs', () => {
  it('prints a valid Job manifest with GPU limits on a Kubernetes dry run, secrets by reference', async () => {
    const root = gpuWorkspace();
    const env = { MESH_HOME: join(root, '.mesh') };
    const submitted = await mesh(
      root,
      env,
      'jobs',
      'submit',
      'speech',
      '--backend',
      'kubernetes',
      '--dry-run',
      '--set',
      'EPOCHS=3',
      '--set',
      `STRIPE_API_KEY=${SECRET}`,
    );
    expect(submitted.stderr).toContain('succeeded (dry run)');
    expect(submitted.code).toBe(0);
    const manifest = parse(submitted.stdout);
    expect(() => validateJobManifest(manifest)).not.toThrow();
    const container = manifest.spec.template.spec.containers[0];
    expect(container.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(container.resources.requests).toEqual({ cpu: '4', memory: '16Gi' });
    expect(manifest.spec.template.spec.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(container.env).toContainEqual({ name: 'EPOCHS', value: '3' });
    expect(container.env).toContainEqual({
      name: 'STRIPE_API_KEY',
      valueFrom: { secretKeyRef: { name: `${manifest.metadata.name}-env`, key: 'STRIPE_API_KEY' } },
    });

    const id = manifest.metadata.labels['dev.mesh/job-id'];
    const listed = await mesh(root, env, 'jobs', 'list');
    expect(listed.stdout).toMatch(
      new RegExp(`${id}\\s+speech-train-[0-9a-f]{8}\\s+kubernetes\\s+succeeded \\(dry run\\)`),
    );
    const shown = await mesh(root, env, 'jobs', 'show', id);
    expect(shown.stdout).toContain('status:      succeeded');
    expect(shown.stdout).toContain('kind: Job');
    const logs = await mesh(root, env, 'jobs', 'logs', id, '--follow');
    expect(logs.stdout).toContain('nvidia.com/gpu: "1"');
    const json = JSON.parse((await mesh(root, env, 'jobs', 'show', id, '--json')).stdout);
    expect(json.args.settings).toEqual({ EPOCHS: '3', STRIPE_API_KEY: '[redacted]' });

    const vertex = await mesh(
      root,
      env,
      'jobs',
      'submit',
      'speech',
      '--backend',
      'vertex',
      '--dry-run',
    );
    expect(vertex.code).toBe(0);
    expect(parse(vertex.stdout).jobSpec.workerPoolSpecs[0].machineSpec.acceleratorCount).toBe(1);

    // A dry run is final once planned: cancelling it changes nothing.
    const cancelled = await mesh(root, env, 'jobs', 'cancel', id);
    expect(cancelled.stderr).toContain('succeeded (dry run)');
    expect((await mesh(root, env, 'jobs', 'cancel', 'nope')).stderr).toContain(
      'No job with id "nope"',
    );

    // The secret is nowhere: not printed, not in the database, not in the written manifests.
    const everything = [submitted, listed, shown, logs, vertex, cancelled]
      .map((result) => result.stdout + result.stderr)
      .join('\n');
    expect(everything).not.toContain(SECRET);
    const home = join(root, '.mesh');
    for (const name of readdirSync(home, { recursive: true }) as string[])
      if (!name.endsWith('jobs') && !name.endsWith('/'))
        try {
          expect(readFileSync(join(home, name)).includes(SECRET)).toBe(false);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
        }
  });

  it('rejects an unknown backend with the accepted ones', async () => {
    const root = gpuWorkspace();
    const result = await mesh(
      root,
      { MESH_HOME: join(root, '.mesh') },
      'jobs',
      'submit',
      'speech',
      '--backend',
      'slurm',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Allowed choices are local, docker, kubernetes, vertex');
  });

  it('runs keywords locally to a registered version', async () => {
    const env = { MESH_HOME: tempTree() };
    const submitted = await mesh(ROOT, env, 'jobs', 'submit', 'keywords', '--backend', 'local');
    expect(submitted.stderr).toMatch(/on local: succeeded \(exit code 0\)/);
    expect(submitted.code).toBe(0);
    const models = await mesh(ROOT, env, 'models', 'list', 'keywords');
    expect(models.stdout).toMatch(/KEYWORDS-TRAINED-1\s/);
  }, 120_000);
});
