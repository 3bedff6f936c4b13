import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { dockerLib } from './docker-lib';
import type { JobsSettings } from './jobs-settings';
import type { BackendName } from './job-types';

/** Whether a backend can really be used from here, and why (not). */
export interface BackendHealth {
  available: boolean;
  detail: string;
}

/** Whether `program` is an executable on `PATH` (or a path that exists). */
function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  if (program.includes('/')) return existsSync(program);
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, program)));
}

/**
 * Checks each backend for real: local always runs; docker needs an Engine that answers a ping;
 * kubernetes needs a kubeconfig file to apply (a dry run always works); vertex needs gcloud to
 * submit (a dry run always works).
 */
export async function detectBackends(
  settings: JobsSettings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<BackendName, BackendHealth>> {
  const docker = await dockerLib()
    .connectDocker(env, 1500)
    .then(
      () => ({ available: true, detail: 'Docker Engine answers' }),
      (error: Error) => ({ available: false, detail: error.message }),
    );
  const kubeconfig =
    settings.K8S_KUBECONFIG ||
    (env.KUBECONFIG ?? '').split(delimiter)[0] ||
    join(homedir(), '.kube', 'config');
  const hasKubeconfig = existsSync(kubeconfig);
  const gcloud = onPath(settings.GCLOUD_BIN, env);
  return {
    local: { available: true, detail: `runs on this machine (Node ${process.version})` },
    docker,
    kubernetes: {
      available: hasKubeconfig || settings.K8S_APPLY !== '1',
      detail: `${hasKubeconfig ? `kubeconfig ${kubeconfig}` : `no kubeconfig at ${kubeconfig}`}; ${settings.K8S_APPLY === '1' ? 'applies Jobs (K8S_APPLY=1)' : 'dry run: prints manifests (K8S_APPLY=0)'}`,
    },
    vertex: {
      available: gcloud || settings.VERTEX_SUBMIT !== '1',
      detail: `${gcloud ? `${settings.GCLOUD_BIN} found` : `${settings.GCLOUD_BIN} not on PATH`}; ${settings.VERTEX_SUBMIT === '1' ? 'submits CustomJobs (VERTEX_SUBMIT=1)' : 'dry run: prints specs (VERTEX_SUBMIT=0)'}`,
    },
  };
}
