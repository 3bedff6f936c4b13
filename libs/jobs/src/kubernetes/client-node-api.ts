import type { KubeConfig } from '@kubernetes/client-node';
import { JobError } from '../errors';
import type { JobState, KubernetesApi, PodState } from './kubernetes-api';

/**
 * `@kubernetes/client-node`, loaded on first use: it is a large module (seconds to load on a busy
 * machine) that only applying a Job needs, so dry runs and `mesh serve` start without it.
 */
function client(): typeof import('@kubernetes/client-node') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@kubernetes/client-node') as typeof import('@kubernetes/client-node');
}

/** Where the cluster is: a kubeconfig file (default: `KUBECONFIG` or `~/.kube/config`) and context. */
export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
}

/** Loads the kubeconfig, naming the file and context to fix when it cannot. */
export function loadKubeConfig(options: KubeconfigOptions): KubeConfig {
  const config = new (client().KubeConfig)();
  try {
    if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
    else config.loadFromDefault();
    if (options.context) config.setCurrentContext(options.context);
  } catch (error) {
    throw new JobError(
      `Cannot load the kubeconfig ${options.kubeconfig || '(KUBECONFIG or ~/.kube/config)'}: ${(error as Error).message}. Set K8S_KUBECONFIG and K8S_CONTEXT.`,
      { cause: error },
    );
  }
  if (!config.getCurrentCluster())
    throw new JobError(
      `The kubeconfig ${options.kubeconfig || '(default)'} has no cluster for context "${config.getCurrentContext()}": set K8S_CONTEXT to one of ${
        config
          .getContexts()
          .map((context) => context.name)
          .join(', ') || 'its contexts'
      }.`,
    );
  return config;
}

/** Turns a client error into one line: the API's own message when it sent one. */
function describe(error: unknown): string {
  const body = (error as { body?: { message?: string } }).body;
  const status = (error as { statusCode?: number; response?: { statusCode?: number } }).response
    ?.statusCode;
  return body?.message
    ? `${body.message}${status ? ` (HTTP ${status})` : ''}`
    : (error as Error).message || String(error);
}

async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw new JobError(`Kubernetes API: cannot ${what}: ${describe(error)}`, { cause: error });
  }
}

/** {@link KubernetesApi} through `@kubernetes/client-node`. */
export function clientNodeKubernetesApi(config: KubeConfig): KubernetesApi {
  const { BatchV1Api, CoreV1Api, Log } = client();
  const batch = config.makeApiClient(BatchV1Api);
  const core = config.makeApiClient(CoreV1Api);
  const logs = new Log(config);
  return {
    server: config.getCurrentCluster()?.server ?? '(unknown)',
    async createJob(namespace, manifest) {
      const { body } = await call(`create the Job in ${namespace}`, () =>
        batch.createNamespacedJob(namespace, manifest as never),
      );
      return { uid: body.metadata?.uid ?? '' };
    },
    async createSecret(namespace, manifest) {
      await call(`create the Secret in ${namespace}`, () =>
        core.createNamespacedSecret(namespace, manifest as never),
      );
    },
    async readJob(namespace, name): Promise<JobState> {
      const { body } = await call(`read the Job ${name}`, () =>
        batch.readNamespacedJobStatus(name, namespace),
      );
      const status = body.status ?? {};
      const condition = (status.conditions ?? []).find(
        (item) => (item.type === 'Complete' || item.type === 'Failed') && item.status === 'True',
      );
      return {
        active: status.active ?? 0,
        succeeded: status.succeeded ?? 0,
        failed: status.failed ?? 0,
        ...(condition
          ? {
              finished: {
                type: condition.type as 'Complete' | 'Failed',
                message: condition.message ?? condition.reason,
              },
            }
          : {}),
      };
    },
    async listPods(namespace, labelSelector): Promise<PodState[]> {
      const { body } = await call(`list the pods of ${labelSelector}`, () =>
        core.listNamespacedPod(
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          labelSelector,
        ),
      );
      return body.items.map((pod) => {
        const container = pod.status?.containerStatuses?.[0];
        return {
          name: pod.metadata?.name ?? '',
          phase: pod.status?.phase ?? 'Unknown',
          exitCode: container?.state?.terminated?.exitCode,
          reason:
            container?.state?.waiting?.reason ??
            container?.state?.terminated?.reason ??
            pod.status?.reason,
        };
      });
    },
    async followLog(namespace, pod, container, into, signal) {
      await new Promise<void>((resolve) => {
        let settled = false;
        const done = () => {
          if (!settled) {
            settled = true;
            resolve();
          }
        };
        logs
          .log(namespace, pod, container, into, () => done(), { follow: true })
          .then((request) => {
            signal.addEventListener('abort', () => {
              request.abort();
              done();
            });
          })
          .catch(() => done());
      });
    },
    async deleteJob(namespace, name) {
      await call(`delete the Job ${name}`, () =>
        batch.deleteNamespacedJob(
          name,
          namespace,
          undefined,
          undefined,
          0,
          undefined,
          'Background',
        ),
      );
    },
  };
}
