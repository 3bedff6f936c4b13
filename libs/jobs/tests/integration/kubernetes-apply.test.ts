import { join } from 'node:path';
import {
  clientNodeKubernetesApi,
  JobRunner,
  KubernetesBackend,
  loadKubeConfig,
  normaliseTrainerRequest,
  openJobStore,
  planKubernetesJob,
  trainerJobSpec,
  type SqlJobStore,
} from '@mesh/jobs';
import { tempTree } from '@mesh/testing';
import { jobsSettings } from '../unit/settings';
import { KUBERNETES_EXAMPLE } from '../unit/seed-payloads';
import { kubeconfigFor, startFakeKubernetes, type FakeCluster } from './fake-kubernetes';

// No cluster can run here: these tests apply and watch against a loopback server that speaks the
// Kubernetes API paths @kubernetes/client-node calls (see fake-kubernetes.ts).
describe('the kubernetes backend with K8S_APPLY=1', () => {
  let cluster: FakeCluster;
  let store: SqlJobStore;
  let home: string;

  afterEach(async () => {
    await store?.close();
    await cluster?.close();
  });

  async function setUp(behaviour = {}) {
    cluster = await startFakeKubernetes(behaviour);
    home = tempTree({ kubeconfig: kubeconfigFor(cluster.url) });
    store = await openJobStore({ settings: { REGISTRY_URL: '' }, meshHome: home });
    const settings = jobsSettings({
      K8S_APPLY: '1',
      K8S_KUBECONFIG: join(home, 'kubeconfig'),
      K8S_CONTEXT: 'fake',
      K8S_NAMESPACE: 'training',
      K8S_TRAINING_IMAGE: 'trainer:1',
      K8S_POLL_MS: '50',
    });
    const backend = new KubernetesBackend({
      settings,
      manifestDir: join(home, 'jobs'),
      api: () =>
        clientNodeKubernetesApi(
          loadKubeConfig({ kubeconfig: settings.K8S_KUBECONFIG, context: settings.K8S_CONTEXT }),
        ),
    });
    const runner = new JobRunner({ store, backends: { kubernetes: backend } });
    const spec = trainerJobSpec(normaliseTrainerRequest(KUBERNETES_EXAMPLE, 'kubernetes'), {
      root: home,
      jobs: settings,
    });
    return { runner, spec, settings, backend };
  }

  it('creates the Job and its Secret, follows the pod to success and keeps its log', async () => {
    const { runner, spec } = await setUp();
    const record = await runner.run(spec);
    expect(record).toMatchObject({
      status: 'succeeded',
      exitCode: 0,
      externalId: `training/${spec.name}`,
      dryRun: false,
    });
    expect(record.startedAt).not.toBeNull();
    expect(record.finishedAt).not.toBeNull();
    expect(cluster.jobs.has(spec.name)).toBe(true);
    // The secret value goes to the cluster's Secret only, owned by the Job.
    const secret = cluster.secrets.get(`${spec.name}-env`)!;
    expect(secret.stringData).toEqual({ HF_TOKEN: 'hf_xxx' });
    expect((secret.metadata as { ownerReferences: unknown[] }).ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Job', name: spec.name, uid: `uid-${spec.name}` }),
    ]);
    expect(JSON.stringify(cluster.jobs.get(spec.name)!.manifest)).not.toContain('hf_xxx');
    const lines = (await store.logs(spec.id)).map((entry) => `${entry.stream} ${entry.line}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        `system Pod ${spec.name}-pod: Pending (ContainerCreating)`,
        `system Pod ${spec.name}-pod: Running`,
        'stdout epoch 1 loss 0.9',
        'stdout saved model',
        `system Pod ${spec.name}-pod: Succeeded (Completed)`,
      ]),
    );
    expect(JSON.stringify(await store.get(spec.id))).not.toContain('hf_xxx');
    expect(lines.join('\n')).not.toContain('hf_xxx');
    // The first apply loads @kubernetes/client-node (seconds on a busy machine).
  }, 60_000);

  it('records a failed pod with its exit code', async () => {
    const { runner, spec } = await setUp({ exitCode: 3 });
    const record = await runner.run(spec);
    expect(record).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(record.error).toContain('backoff limit');
  });

  it('deletes the Job when cancelled', async () => {
    const { runner, spec } = await setUp({ runningReads: 1000 });
    await runner.submit(spec);
    for (let i = 0; i < 100 && (await store.get(spec.id))?.status !== 'running'; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const record = await runner.cancel(spec.id);
    expect(record.status).toBe('cancelled');
    expect(cluster.jobs.get(spec.name)!.deleted).toBe(true);
    expect(cluster.requests).toContain(
      `DELETE /apis/batch/v1/namespaces/training/jobs/${spec.name}?gracePeriodSeconds=0&propagationPolicy=Background`,
    );
  });

  it('follows a Job applied by a process that died, to its end', async () => {
    const { spec, settings, backend } = await setUp({ runningReads: 3 });
    const api = clientNodeKubernetesApi(
      loadKubeConfig({ kubeconfig: settings.K8S_KUBECONFIG, context: settings.K8S_CONTEXT }),
    );
    await api.createJob('training', planKubernetesJob(spec, settings).job);
    const at = new Date().toISOString();
    await store.create({
      id: spec.id,
      name: spec.name,
      backend: 'kubernetes',
      project: null,
      component: null,
      externalId: `training/${spec.name}`,
      status: 'running',
      dryRun: false,
      createdAt: at,
      updatedAt: at,
      startedAt: at,
      finishedAt: null,
      exitCode: null,
      error: null,
      args: spec.request,
      owner: 'gone:1',
      cancelRequested: false,
    });
    const restarted = new JobRunner({ store, backends: { kubernetes: backend } });
    expect(await restarted.recover(() => false)).toEqual([]);
    const record = await restarted.wait(spec.id);
    expect(record).toMatchObject({ status: 'succeeded', exitCode: 0, owner: restarted.owner });
    const lines = (await store.logs(spec.id)).map((entry) => entry.line);
    expect(lines).toContain(`Following Job ${spec.name} again after a restart`);
    expect(lines).toContain('saved model');
  });
});
