import { JobError } from '../errors';
import type { JobsSettings } from '../jobs-settings';
import type { JobSpec } from '../job-types';
import { labelValue } from '../names';

/** The label keys mesh puts on Jobs and their pods. */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  jobId: 'dev.mesh/job-id',
  project: 'dev.mesh/project',
  component: 'dev.mesh/component',
  gitSha: 'dev.mesh/git-sha',
} as const;

/** A `batch/v1` Job, as plain JSON. */
export type JobManifest = Record<string, unknown> & {
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
  };
};

/** The Kubernetes objects of one job: the Job, and the name and keys of the Secret it reads. */
export interface KubernetesPlan {
  job: JobManifest;
  /** The Secret holding the job's secret variables, referenced by the Job, never inlined. */
  secret?: { name: string; keys: string[] };
}

/**
 * Plans the Kubernetes Job of a job spec. Pure: the same spec and settings give the same
 * manifest. Secret variables appear only as `secretKeyRef`s to the Secret `<job name>-env`,
 * which the backend creates from the values it holds in memory when applying.
 */
export function planKubernetesJob(spec: JobSpec, settings: JobsSettings): KubernetesPlan {
  if (!spec.image) throw new JobError('A Kubernetes job needs an image.');
  const labels: Record<string, string> = {
    [LABELS.managedBy]: 'mesh',
    [LABELS.jobId]: spec.id,
    ...(spec.project ? { [LABELS.project]: labelValue(spec.project) } : {}),
    ...(spec.component ? { [LABELS.component]: labelValue(spec.component) } : {}),
    ...(spec.gitSha ? { [LABELS.gitSha]: labelValue(spec.gitSha) } : {}),
  };
  const { resources } = spec;
  const secretNames = Object.keys(spec.secrets).sort();
  const secretName = `${spec.name}-env`;
  const env = [
    ...Object.entries(spec.env).map(([name, value]) => ({ name, value })),
    ...secretNames.map((name) => ({
      name,
      valueFrom: { secretKeyRef: { name: secretName, key: name } },
    })),
  ];
  const limits: Record<string, string> = { memory: resources.resources.memory };
  if (resources.gpu > 0) limits['nvidia.com/gpu'] = String(resources.gpu);
  const nodeSelector = { ...settings.K8S_NODE_SELECTOR, ...resources.kubernetes.nodeSelector };
  const tolerations = [
    ...((settings.K8S_TOLERATIONS ?? []) as object[]),
    ...resources.kubernetes.tolerations,
  ];
  const serviceAccount = resources.kubernetes.serviceAccount || settings.K8S_SERVICE_ACCOUNT;
  const pullSecrets = (settings.K8S_IMAGE_PULL_SECRETS ?? []).map((item) =>
    typeof item === 'string' ? { name: item } : item,
  );
  const job: JobManifest = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: spec.name,
      namespace: settings.K8S_NAMESPACE,
      labels,
      annotations: { 'dev.mesh/request': JSON.stringify(spec.request) },
    },
    spec: {
      backoffLimit: settings.K8S_BACKOFF_LIMIT,
      ttlSecondsAfterFinished: settings.K8S_TTL_SECONDS_AFTER_FINISHED,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          ...(serviceAccount ? { serviceAccountName: serviceAccount } : {}),
          ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
          ...(tolerations.length > 0 ? { tolerations } : {}),
          ...(pullSecrets.length > 0 ? { imagePullSecrets: pullSecrets } : {}),
          containers: [
            {
              name: 'train',
              image: spec.image,
              ...(spec.args.length > 0 ? { args: spec.args } : {}),
              env,
              resources: {
                requests: { cpu: resources.resources.cpu, memory: resources.resources.memory },
                limits,
              },
            },
          ],
        },
      },
    },
  };
  validateJobManifest(job);
  return {
    job,
    ...(secretNames.length > 0 ? { secret: { name: secretName, keys: secretNames } } : {}),
  };
}

/**
 * The parts of a Job whose schema is only "a string" (no format, no pattern): names, labels,
 * annotations, a container's args and its env entries. Kubernetes checks such values itself.
 */
const FREE_TEXT = new Set(['metadata', 'args', 'env']);

/**
 * A manifest with every string under a {@link FREE_TEXT} key made empty: two manifests with
 * the same skeleton are both valid or both not, so one validation answers for the other.
 */
function skeleton(value: unknown, freeText = false): unknown {
  if (typeof value === 'string') return freeText ? '' : value;
  if (Array.isArray(value)) return value.map((item) => skeleton(item, freeText));
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      copy[key] = skeleton(item, freeText || FREE_TEXT.has(key));
    return copy;
  }
  return value;
}

/** The Job model, loaded on the first Kubernetes job rather than with the library (~40 ms). */
function kubernetesJobModel(): typeof import('kubernetes-models/batch/v1/Job') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('kubernetes-models/batch/v1/Job') as typeof import('kubernetes-models/batch/v1/Job');
}

/** Skeletons of manifests found valid: the service plans the same shape again and again. */
const validSkeletons = new Set<string>();

/** Checks a Job manifest against the Kubernetes OpenAPI schema; throws naming what is wrong. */
export function validateJobManifest(manifest: object): void {
  // The schema validation costs more than planning the Job: done once per skeleton.
  const key = JSON.stringify(skeleton(manifest));
  if (validSkeletons.has(key)) return;
  try {
    const { Job } = kubernetesJobModel();
    new Job(manifest as never).validate();
    if (validSkeletons.size >= 1000) validSkeletons.clear();
    validSkeletons.add(key);
  } catch (error) {
    throw new JobError(`The Job manifest is not valid: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
