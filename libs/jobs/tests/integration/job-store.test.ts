import { JobRunner, LocalBackend, newJobId, openJobStore, type JobSpec } from '@mesh/jobs';
import { openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { databaseEngines, tempTree } from '@mesh/testing';

const engines = databaseEngines();

function echoJob(lines: number): JobSpec {
  const id = newJobId();
  return {
    id,
    name: `echo-${id.slice(0, 8)}`,
    backend: 'local',
    command: ['sh', '-c', `for i in $(seq 1 ${lines}); do echo "line $i"; done`],
    args: [],
    env: {},
    secrets: {},
    resources: {
      gpu: 0,
      runner: 'hosted',
      resources: { cpu: '1', memory: '1Gi' },
      kubernetes: { nodeSelector: {}, tolerations: [] },
    },
    request: { lines },
  };
}

describe.each(engines)('job records on %s', (_engine, databaseUrl) => {
  it('share the registry database, keep every line in order, and never change once finished', async () => {
    const url = await databaseUrl();
    const home = tempTree();
    // The registry and the jobs migrate the same database, each with its own history.
    const registry = await openRegistry({
      settings: loadSettings(registrySettingsSpec, { env: { REGISTRY_URL: url }, configDir: null })
        .values,
      meshHome: home,
    });
    await registry.close();
    const store = await openJobStore({ settings: { REGISTRY_URL: url }, meshHome: home });
    const again = await openJobStore({ settings: { REGISTRY_URL: url }, meshHome: home });
    await again.close();
    try {
      const runner = new JobRunner({ store, backends: { local: new LocalBackend() } });
      const specs = [echoJob(500), echoJob(3), echoJob(50)];
      const records = await Promise.all(specs.map((spec) => runner.run(spec)));
      expect(records.map((record) => record.status)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
      ]);
      const log = (await store.logs(specs[0].id)).filter((entry) => entry.stream === 'stdout');
      expect(log.map((entry) => entry.line)).toEqual(
        Array.from({ length: 500 }, (_, i) => `line ${i + 1}`),
      );
      expect((await store.logs(specs[0].id, { tail: 2 })).map((entry) => entry.line)).toEqual([
        'line 499',
        'line 500',
      ]);
      const after = log[100].seq;
      expect((await store.logs(specs[0].id, { afterSeq: after }))[0].line).toBe('line 102');
      expect(await store.update(specs[1].id, { status: 'running' })).toBeUndefined();
      expect((await store.get(specs[1].id))!.status).toBe('succeeded');
      expect((await store.list({ limit: 2 })).length).toBe(2);
      expect(await store.unfinished()).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
