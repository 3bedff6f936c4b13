import { JobRunner, openJobStore, type JobBackend, type JobSpec } from '@mesh/jobs';
import { tempTree } from '@mesh/testing';

/** A backend that only plans, like a Kubernetes dry run. */
const planOnly: JobBackend = {
  name: 'kubernetes',
  completesAtOnce: () => true,
  run: async (context) => {
    context.log('system', `planned ${context.spec.name}`);
    return { status: 'submitted', dryRun: true };
  },
};

function spec(id: string): JobSpec {
  return {
    id,
    name: `train-${id.slice(0, 8)}`,
    backend: 'kubernetes',
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
    request: {},
  };
}

describe('job names', () => {
  it('are unique by construction: ids sharing their first 8 hex digits get longer names, never a failure', async () => {
    const store = await openJobStore({ settings: { REGISTRY_URL: '' }, meshHome: tempTree() });
    try {
      const runner = new JobRunner({ store, backends: { kubernetes: planOnly } });
      const ids = [
        'abcdef12-0000-4000-8000-000000000001',
        'abcdef12-0000-4000-8000-000000000002',
        'abcdef12-0000-4000-8000-000000000003',
      ];
      const records = [];
      for (const id of ids) records.push(await runner.submit(spec(id)));
      const names = records.map((record) => record.name);
      expect(new Set(names).size).toBe(3);
      expect(names[0]).toBe('train-abcdef12');
      expect(names[1]).toBe('train-abcdef120000');
      for (const record of records) {
        expect(record.status).toBe('succeeded');
        expect(record.name.length).toBeLessThanOrEqual(63);
        // The plan saw the final name.
        expect((await store.logs(record.id))[0].line).toBe(`planned ${record.name}`);
      }
    } finally {
      await store.close();
    }
  });
});
