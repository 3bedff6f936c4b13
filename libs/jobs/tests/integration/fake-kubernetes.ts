import { createServer, type IncomingMessage, type Server } from 'node:http';

/** What the fake API server saw and holds. */
export interface FakeCluster {
  url: string;
  jobs: Map<string, { manifest: Record<string, unknown>; reads: number; deleted: boolean }>;
  secrets: Map<string, Record<string, unknown>>;
  requests: string[];
  close(): Promise<void>;
}

/** How a Job created on the fake cluster behaves. */
export interface FakeBehaviour {
  /** Status reads before the pod runs, and before it ends. Default: 1 and 3. */
  pendingReads?: number;
  runningReads?: number;
  /** Exit code of the pod. Default: 0. */
  exitCode?: number;
  /** Lines the pod prints. */
  logLines?: string[];
}

function body(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => resolve(text ? JSON.parse(text) : {}));
  });
}

/**
 * A loopback HTTP server that speaks the Kubernetes API paths the jobs backend uses (create,
 * read and delete a Job, create a Secret, list pods by label, follow a pod's log), with a Job
 * that goes Pending → Running → Complete (or Failed) as it is polled. No cluster runs here; this
 * is what the apply and watch tests talk to.
 */
export async function startFakeKubernetes(behaviour: FakeBehaviour = {}): Promise<FakeCluster> {
  const pendingReads = behaviour.pendingReads ?? 1;
  const runningReads = behaviour.runningReads ?? 3;
  const exitCode = behaviour.exitCode ?? 0;
  const jobs: FakeCluster['jobs'] = new Map();
  const secrets: FakeCluster['secrets'] = new Map();
  const requests: string[] = [];
  const phaseOf = (reads: number, deleted: boolean) =>
    deleted
      ? 'Failed'
      : reads <= pendingReads
        ? 'Pending'
        : reads <= pendingReads + runningReads
          ? 'Running'
          : exitCode === 0
            ? 'Succeeded'
            : 'Failed';
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const send = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    let match: RegExpExecArray | null;
    if (
      request.method === 'POST' &&
      (match = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs$/.exec(url.pathname))
    ) {
      const manifest = await body(request);
      const name = (manifest.metadata as { name: string }).name;
      if (jobs.has(name))
        return send(409, { kind: 'Status', message: `jobs.batch "${name}" already exists` });
      jobs.set(name, { manifest, reads: 0, deleted: false });
      return send(201, {
        ...manifest,
        metadata: { ...(manifest.metadata as object), uid: `uid-${name}` },
      });
    }
    if (
      request.method === 'POST' &&
      (match = /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/.exec(url.pathname))
    ) {
      const manifest = await body(request);
      secrets.set((manifest.metadata as { name: string }).name, manifest);
      return send(201, manifest);
    }
    if (
      (match = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs\/([^/]+)(\/status)?$/.exec(
        url.pathname,
      ))
    ) {
      const job = jobs.get(match[2]);
      if (!job) return send(404, { kind: 'Status', message: `jobs.batch "${match[2]}" not found` });
      if (request.method === 'DELETE') {
        job.deleted = true;
        return send(200, { kind: 'Status', status: 'Success' });
      }
      job.reads++;
      const phase = phaseOf(job.reads, job.deleted);
      const finished =
        phase === 'Succeeded'
          ? [{ type: 'Complete', status: 'True' }]
          : phase === 'Failed'
            ? [
                {
                  type: 'Failed',
                  status: 'True',
                  message: 'Job has reached the specified backoff limit',
                },
              ]
            : [];
      return send(200, {
        ...job.manifest,
        status: {
          active: phase === 'Running' || phase === 'Pending' ? 1 : 0,
          succeeded: phase === 'Succeeded' ? 1 : 0,
          failed: phase === 'Failed' ? 1 : 0,
          conditions: finished,
        },
      });
    }
    if ((match = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname))) {
      const selector = url.searchParams.get('labelSelector') ?? '';
      const [key, value] = selector.split('=');
      const items = [...jobs.entries()]
        .filter(
          ([, job]) =>
            (job.manifest.metadata as { labels: Record<string, string> }).labels[key] === value,
        )
        .map(([name, job]) => {
          const phase = phaseOf(job.reads, job.deleted);
          return {
            metadata: { name: `${name}-pod` },
            status: {
              phase,
              containerStatuses: [
                {
                  name: 'train',
                  state:
                    phase === 'Succeeded' || phase === 'Failed'
                      ? {
                          terminated: {
                            exitCode,
                            reason: phase === 'Succeeded' ? 'Completed' : 'Error',
                          },
                        }
                      : phase === 'Pending'
                        ? { waiting: { reason: 'ContainerCreating' } }
                        : { running: {} },
                },
              ],
            },
          };
        });
      return send(200, { kind: 'PodList', items });
    }
    if ((match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(url.pathname))) {
      response.writeHead(200, { 'content-type': 'text/plain' });
      for (const line of behaviour.logLines ?? [
        'epoch 1 loss 0.9',
        'epoch 2 loss 0.4',
        'saved model',
      ])
        response.write(`${line}\n`);
      return response.end();
    }
    send(404, { kind: 'Status', message: `no route ${request.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    jobs,
    secrets,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A kubeconfig pointing at `server`, as a YAML text. */
export function kubeconfigFor(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: fake',
    `    cluster: { server: '${server}' }`,
    'users:',
    '  - name: tester',
    '    user: { token: fake-cluster-token }',
    'contexts:',
    '  - name: fake',
    '    context: { cluster: fake, user: tester, namespace: training }',
    'current-context: fake',
    '',
  ].join('\n');
}
