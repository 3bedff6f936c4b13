import {
  componentJobSpec,
  JobRunner,
  LocalBackend,
  newJobId,
  openJobStore,
  type JobSpec,
  type SqlJobStore,
} from '@mesh/jobs';
import { openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { resolveComponent } from '@mesh/workspace';
import { jobsSettings } from '../unit/settings';
import { ensureKeywordsBuilt, ROOT } from './build-keywords';

function shellJob(script: string, extra: Partial<JobSpec> = {}): JobSpec {
  const id = newJobId();
  return {
    id,
    name: `shell-${id.slice(0, 8)}`,
    backend: 'local',
    command: ['sh', '-c', script],
    args: [],
    env: {},
    secrets: {},
    resources: {
      gpu: 0,
      runner: 'hosted',
      resources: { cpu: '1', memory: '1Gi' },
      kubernetes: { nodeSelector: {}, tolerations: [] },
      env: [],
    },
    request: { script },
    ...extra,
  };
}

describe('the local backend', () => {
  let store: SqlJobStore;
  let home: string;
  let runner: JobRunner;

  beforeEach(async () => {
    home = tempTree();
    store = await openJobStore({ settings: { REGISTRY_URL: '' }, meshHome: home });
    runner = new JobRunner({ store, backends: { local: new LocalBackend({ killGraceMs: 2000 }) } });
  });
  afterEach(() => store.close());

  it('runs the keywords component to a registered version, with its log timeline', async () => {
    await ensureKeywordsBuilt();
    const spec = componentJobSpec({
      root: ROOT,
      component: resolveComponent(ROOT, 'keywords', 'train'),
      backend: 'local',
      settings: { TOP_N: '10' },
      jobs: jobsSettings(),
      meshHome: home,
      env: {},
    });
    const record = await runner.run(spec);
    expect(record).toMatchObject({ status: 'succeeded', exitCode: 0, project: 'keywords' });
    expect(record.externalId).toMatch(/^pid:\d+$/);
    const log = await store.logs(spec.id);
    expect(
      log.some((entry) => entry.stream === 'stdout' && /KEYWORDS-TRAINED-1/.test(entry.line)),
    ).toBe(true);
    expect(log.map((entry) => entry.seq)).toEqual(
      [...log.map((entry) => entry.seq)].sort((a, b) => a - b),
    );

    const settings = loadSettings(registrySettingsSpec, { env: {}, configDir: null });
    const registry = await openRegistry({ settings: settings.values, meshHome: home });
    try {
      const versions = await registry.listVersions({ model: 'KEYWORDS-TRAINED' });
      expect(versions.map((version) => version.id)).toEqual(['KEYWORDS-TRAINED-1']);
      expect(versions[0].metrics.f1).toBeGreaterThan(0.45);
    } finally {
      await registry.close();
    }
  }, 120_000);

  it('scrubs secret values from log lines and records', async () => {
    const spec = shellJob('echo "token is $HF_TOKEN"; echo oops >&2; exit 4', {
      secrets: { HF_TOKEN: 'hf_very_secret_value' },
      request: { env: { HF_TOKEN: '[redacted]' } },
    });
    const record = await runner.run(spec);
    expect(record).toMatchObject({ status: 'failed', exitCode: 4, error: 'exited with code 4' });
    const lines = (await store.logs(spec.id)).map((entry) => `${entry.stream} ${entry.line}`);
    expect(lines).toContain('stdout token is [redacted]');
    expect(lines).toContain('stderr oops');
    expect(JSON.stringify({ lines, record })).not.toContain('hf_very_secret_value');
  });

  it('cancels by signal', async () => {
    const spec = shellJob('echo started; sleep 30');
    await runner.submit(spec);
    for (let i = 0; i < 100 && (await store.get(spec.id))?.status !== 'running'; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    const record = await runner.cancel(spec.id);
    expect(record.status).toBe('cancelled');
    expect(record.cancelRequested).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails a job that outlives its timeout', async () => {
    const record = await runner.run(shellJob('sleep 30', { timeoutMs: 300 }));
    expect(record).toMatchObject({ status: 'failed', error: 'timed out' });
  });

  it('marks a job whose process died failed on recovery, with the reason', async () => {
    const spec = shellJob('true');
    const orphan = new JobRunner({ store, backends: {}, owner: 'otherhost:1' });
    await expect(orphan.submit(spec)).rejects.toThrow('local backend is not available');
    await store.create({
      id: spec.id,
      name: spec.name,
      backend: 'local',
      project: null,
      component: null,
      externalId: 'pid:999999',
      status: 'running',
      dryRun: false,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      startedAt: new Date().toISOString(),
      finishedAt: null,
      exitCode: null,
      error: null,
      args: {},
      owner: 'gone:999999',
      cancelRequested: false,
    });
    const changed = await runner.recover((owner) => owner !== 'gone:999999');
    expect(changed.map((record) => record.id)).toEqual([spec.id]);
    expect(changed[0].status).toBe('failed');
    expect(changed[0].error).toMatch(/stopped while the job was running/);
  });
});
