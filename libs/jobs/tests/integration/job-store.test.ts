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
      env: [],
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

      // The tails of a whole page in one read: each job's newest lines, in order.
      const tails = await store.tails([specs[0].id, specs[1].id, 'no-such-job'], 2);
      expect(tails.get(specs[0].id)!.map((entry) => entry.line)).toEqual(['line 499', 'line 500']);
      expect(tails.get(specs[1].id)).toEqual(await store.logs(specs[1].id, { tail: 2 }));
      expect(tails.get('no-such-job')).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('store a record with its first lines and manifest at once, or nothing when the name is taken', async () => {
    const url = await databaseUrl();
    const store = await openJobStore({ settings: { REGISTRY_URL: url }, meshHome: tempTree() });
    try {
      const at = new Date().toISOString();
      const record = {
        id: newJobId(),
        name: `planned-${Date.now()}`,
        backend: 'kubernetes' as const,
        project: null,
        component: null,
        externalId: 'default/planned',
        status: 'succeeded' as const,
        dryRun: true,
        createdAt: at,
        updatedAt: at,
        startedAt: null,
        finishedAt: at,
        exitCode: null,
        error: null,
        args: { lines: 3 },
        owner: 'test:1',
        cancelRequested: false,
      };
      const lines = ['# first', '# second', '# third'].map((line) => ({
        at,
        stream: 'system' as const,
        line,
      }));
      await store.create(record, { logs: lines, manifest: { kind: 'Job' } });
      expect(await store.get(record.id)).toEqual(record);
      expect((await store.logs(record.id)).map((entry) => entry.line)).toEqual([
        '# first',
        '# second',
        '# third',
      ]);
      expect(await store.manifest(record.id)).toEqual({ kind: 'Job' });
      // Same name, other id: refused whole, none of its lines stored.
      const clash = { ...record, id: newJobId() };
      await expect(store.create(clash, { logs: lines })).rejects.toThrow(/taken/);
      expect(await store.get(clash.id)).toBeUndefined();
      expect(await store.logs(clash.id)).toEqual([]);

      // Records sent at once are committed together; a taken name in the batch fails only its record.
      const batch = Array.from({ length: 20 }, (_, i) => ({
        ...record,
        id: newJobId(),
        name: `batch-${i}-${Date.now()}`,
      }));
      const taken = { ...record, id: newJobId() };
      const outcomes = await Promise.allSettled(
        [...batch.slice(0, 10), taken, ...batch.slice(10)].map((item) =>
          store.create(item, {
            logs: lines.map((line) => ({ ...line, line: `${item.name} ${line.line}` })),
          }),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        ...Array(10).fill('fulfilled'),
        'rejected',
        ...Array(10).fill('fulfilled'),
      ]);
      expect(String((outcomes[10] as PromiseRejectedResult).reason)).toMatch(/taken/);
      expect(await store.get(taken.id)).toBeUndefined();
      expect(await store.logs(taken.id)).toEqual([]);
      for (const item of batch) {
        expect(await store.get(item.id)).toEqual(item);
        expect((await store.logs(item.id)).map((entry) => entry.line)).toEqual(
          lines.map((line) => `${item.name} ${line.line}`),
        );
      }
      // close() waits for records still being committed.
      const last = { ...record, id: newJobId(), name: `last-${Date.now()}` };
      const pending = store.create(last);
      await store.close();
      await pending;
      const reopened = await openJobStore({
        settings: { REGISTRY_URL: url },
        meshHome: tempTree(),
      });
      try {
        expect(await reopened.get(last.id)).toEqual(last);
      } finally {
        await reopened.close();
      }
    } finally {
      await store.close().catch(() => undefined);
    }
  }, 60_000);
});
