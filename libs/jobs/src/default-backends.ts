import { join } from 'node:path';
import type { JobBackend } from './backend';
import { DockerBackend } from './backends/docker-backend';
import { dockerLib } from './docker-lib';
import { LocalBackend } from './backends/local-backend';
import type { JobsSettings } from './jobs-settings';
import type { BackendName } from './job-types';
import { clientNodeKubernetesApi, loadKubeConfig } from './kubernetes/client-node-api';
import { KubernetesBackend } from './kubernetes/kubernetes-backend';
import { VertexBackend } from './vertex/vertex-backend';

/** Options of {@link defaultBackends}. */
export interface DefaultBackendsOptions {
  settings: JobsSettings;
  /** Where manifests are written (`<meshHome>/jobs/`). */
  meshHome: string;
  /** Environment of local jobs, gcloud and the Docker connection. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * Where a Kubernetes manifest goes besides the record (where it is always stored once):
   * `log-and-file` also logs its YAML lines and writes `<meshHome>/jobs/<name>.yaml` (what
   * `mesh jobs` shows); `record` only stores it (the Training API serves it on request).
   * Default: `log-and-file`.
   */
  manifests?: 'log-and-file' | 'record';
}

/**
 * The four backends, configured from the settings and environment. The Docker client is loaded
 * on first use (as the Kubernetes client is, in client-node-api.ts): a dry run or a local job
 * never needs them, so `mesh serve` and `mesh jobs` start without them.
 */
export function defaultBackends(options: DefaultBackendsOptions): Record<BackendName, JobBackend> {
  const env = options.env ?? process.env;
  return {
    local: new LocalBackend({ baseEnv: env }),
    docker: new DockerBackend({
      connect: () => dockerLib().connectDocker(env),
    }),
    kubernetes: new KubernetesBackend({
      settings: options.settings,
      manifestDir: options.manifests === 'record' ? undefined : join(options.meshHome, 'jobs'),
      manifestInLog: options.manifests !== 'record',
      api: () =>
        clientNodeKubernetesApi(
          loadKubeConfig({
            kubeconfig: options.settings.K8S_KUBECONFIG || undefined,
            context: options.settings.K8S_CONTEXT || undefined,
          }),
        ),
    }),
    vertex: new VertexBackend({ settings: options.settings, env }),
  };
}
