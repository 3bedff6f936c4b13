import { EnvError, int, makeValidator, str } from '@mesh/settings';
import type { Toleration } from '@mesh/workspace';

const jsonOf = <T>(check: (value: unknown) => string | undefined) =>
  makeValidator<T>((input) => {
    if (input.trim() === '') return undefined as T;
    let value: unknown;
    try {
      value = JSON.parse(input);
    } catch {
      throw new EnvError(`"${input}" is not JSON`);
    }
    const problem = check(value);
    if (problem) throw new EnvError(problem);
    return value as T;
  });

const stringMap = jsonOf<Record<string, string> | undefined>((value) =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.values(value).every((item) => typeof item === 'string')
      ? undefined
      : 'every value must be a string'
    : 'must be a JSON object such as {"gpu":"a100"}',
);
const array = jsonOf<unknown[] | undefined>((value) =>
  Array.isArray(value) ? undefined : 'must be a JSON array',
);

/**
 * Settings of the job backends, from the environment (the Training API and `mesh jobs` read the
 * same names as the seed's Training API). Every value has a default, so only the backend in use
 * needs configuring.
 */
export const jobsSettingsSpec = {
  DEFAULT_TRAINING_BACKEND: str({
    desc: 'Backend of a job that names none: local, docker, kubernetes or vertex',
    choices: ['local', 'docker', 'kubernetes', 'vertex'],
    default: 'kubernetes',
  }),
  JOB_TIMEOUT_SECONDS: int({ min: 0 })({
    desc: 'A local or docker job still running after this long is stopped and failed (0: no limit)',
    default: 0,
  }),
  PYTHON_BIN: str({ desc: 'Local backend, trainer requests: the interpreter', default: 'python3' }),
  TRAIN_SCRIPT_PATH: str({
    desc: 'Local backend, trainer requests: the training script, relative to the workspace root',
    default: 'training/common/train.py',
  }),
  K8S_TRAINING_IMAGE: str({
    desc: 'Kubernetes: image of trainer requests (entrypoint runs the training script)',
    default: '',
  }),
  K8S_IMAGE_REGISTRY: str({
    desc: 'Kubernetes and Vertex: registry prefix of component images, e.g. 123.dkr.ecr.eu-west-1.amazonaws.com (empty: the local tag)',
    default: '',
  }),
  K8S_NAMESPACE: str({ desc: 'Kubernetes: namespace of the Jobs', default: 'default' }),
  K8S_SERVICE_ACCOUNT: str({
    desc: "Kubernetes: service account of the pods (a component's declaration wins)",
    default: '',
  }),
  K8S_APPLY: str({
    desc: 'Kubernetes: 1 applies the Job to the cluster; 0 prints the manifest only (dry run)',
    choices: ['0', '1'],
    default: '0',
  }),
  K8S_KUBECONFIG: str({
    desc: 'Kubernetes: kubeconfig path (empty: KUBECONFIG or ~/.kube/config)',
    default: '',
  }),
  K8S_CONTEXT: str({
    desc: 'Kubernetes: kubeconfig context (empty: the current one)',
    default: '',
  }),
  K8S_NODE_SELECTOR: stringMap({
    desc: 'Kubernetes: node selector as a JSON object, merged under the component declaration',
    default: undefined,
  }),
  K8S_TOLERATIONS: array({
    desc: 'Kubernetes: tolerations as a JSON array, added to the component declaration',
    default: undefined,
  }),
  K8S_IMAGE_PULL_SECRETS: array({
    desc: 'Kubernetes: image pull secrets, a JSON array of names or {"name": ...} objects',
    default: undefined,
  }),
  K8S_BACKOFF_LIMIT: int({ min: 0 })({ desc: 'Kubernetes: Job backoffLimit', default: 0 }),
  K8S_TTL_SECONDS_AFTER_FINISHED: int({ min: 0 })({
    desc: 'Kubernetes: ttlSecondsAfterFinished, after which a finished Job and its pods are deleted',
    default: 86400,
  }),
  K8S_TRAINER_GPUS: int({ min: 0 })({
    desc: 'Kubernetes: GPUs of a trainer request (components declare their own)',
    default: 1,
  }),
  K8S_POLL_MS: int({ min: 50 })({
    desc: 'Kubernetes: how often the watcher reads the Job',
    default: 2000,
  }),
  VERTEX_PROJECT: str({ desc: 'Vertex AI: GCP project (or PROJECT_ID)', default: '' }),
  PROJECT_ID: str({ desc: 'Vertex AI: GCP project when VERTEX_PROJECT is empty', default: '' }),
  VERTEX_REGION: str({ desc: 'Vertex AI: region', default: 'us-central1' }),
  VERTEX_IMAGE_URI: str({ desc: 'Vertex AI: image of trainer requests', default: '' }),
  VERTEX_MACHINE_TYPE: str({ desc: 'Vertex AI: machine type', default: 'a2-highgpu-1g' }),
  VERTEX_ACCELERATOR_TYPE: str({ desc: 'Vertex AI: GPU type', default: 'NVIDIA_TESLA_A100' }),
  VERTEX_ACCELERATOR_COUNT: int({ min: 0 })({ desc: 'Vertex AI: GPUs per replica', default: 1 }),
  VERTEX_REPLICA_COUNT: int({ min: 1 })({ desc: 'Vertex AI: worker replicas', default: 1 }),
  VERTEX_SERVICE_ACCOUNT: str({ desc: 'Vertex AI: service account of the job', default: '' }),
  VERTEX_NETWORK: str({ desc: 'Vertex AI: VPC network', default: '' }),
  VERTEX_SUBMIT: str({
    desc: 'Vertex AI: 1 submits with gcloud ai custom-jobs create; 0 prints the spec only',
    choices: ['0', '1'],
    default: '0',
  }),
  GCLOUD_BIN: str({ desc: 'Vertex AI: the gcloud command', default: 'gcloud' }),
};

/** The resolved values of {@link jobsSettingsSpec}. */
export interface JobsSettings {
  DEFAULT_TRAINING_BACKEND: string;
  JOB_TIMEOUT_SECONDS: number;
  PYTHON_BIN: string;
  TRAIN_SCRIPT_PATH: string;
  K8S_TRAINING_IMAGE: string;
  K8S_IMAGE_REGISTRY: string;
  K8S_NAMESPACE: string;
  K8S_SERVICE_ACCOUNT: string;
  K8S_APPLY: string;
  K8S_KUBECONFIG: string;
  K8S_CONTEXT: string;
  K8S_NODE_SELECTOR?: Record<string, string>;
  K8S_TOLERATIONS?: Toleration[] | unknown[];
  K8S_IMAGE_PULL_SECRETS?: unknown[];
  K8S_BACKOFF_LIMIT: number;
  K8S_TTL_SECONDS_AFTER_FINISHED: number;
  K8S_TRAINER_GPUS: number;
  K8S_POLL_MS: number;
  VERTEX_PROJECT: string;
  PROJECT_ID: string;
  VERTEX_REGION: string;
  VERTEX_IMAGE_URI: string;
  VERTEX_MACHINE_TYPE: string;
  VERTEX_ACCELERATOR_TYPE: string;
  VERTEX_ACCELERATOR_COUNT: number;
  VERTEX_REPLICA_COUNT: number;
  VERTEX_SERVICE_ACCOUNT: string;
  VERTEX_NETWORK: string;
  VERTEX_SUBMIT: string;
  GCLOUD_BIN: string;
}
