export type { JobBackend, JobContext, JobOutcome, StopReason } from './backend';
export { DockerBackend, type DockerBackendOptions } from './backends/docker-backend';
export { LocalBackend, type LocalBackendOptions } from './backends/local-backend';
export { defaultBackends, type DefaultBackendsOptions } from './default-backends';
export { detectBackends, type BackendHealth } from './detect-backends';
export { JobError, JobNameTakenError, JobRequestError, UnknownJobError } from './errors';
export { JobRunner, ownerAlive, type JobRunnerOptions } from './job-runner';
export {
  componentImage,
  componentJobSpec,
  CONTAINER_MESH_HOME,
  trainerJobSpec,
  type ComponentJobInput,
} from './job-spec';
export {
  BACKENDS,
  JOB_STATUSES,
  TERMINAL_STATUSES,
  type BackendName,
  type JobRecord,
  type JobSpec,
  type JobStatus,
  type LogEntry,
  type LogStream,
} from './job-types';
export { jobsSettingsSpec, type JobsSettings } from './jobs-settings';
export { manifestYaml } from './manifest-yaml';
export { clientNodeKubernetesApi, loadKubeConfig } from './kubernetes/client-node-api';
export {
  LABELS,
  planKubernetesJob,
  validateJobManifest,
  type JobManifest,
  type KubernetesPlan,
} from './kubernetes/job-manifest';
export type { JobState, KubernetesApi, PodState } from './kubernetes/kubernetes-api';
export { KubernetesBackend, type KubernetesBackendOptions } from './kubernetes/kubernetes-backend';
export { isDns1123Label, labelValue, lengthenJobName, newJobId, uniqueJobName } from './names';
export { redactDeep, SecretScrubber, splitSecrets } from './redact';
export {
  collectSecrets,
  isSecretKey,
  redactUrlSecrets,
  urlSecrets,
  type CollectSecretsOptions,
} from './request-secrets';
export type {
  CreateJobExtras,
  JobPage,
  JobStore,
  ListJobsOptions,
  PageJobsOptions,
  ReadLogOptions,
} from './store/job-store';
export { decodeCursor, encodeCursor, type Cursor } from './store/cursor';
export {
  openJobStore,
  SqlJobStore,
  type OpenJobStoreOptions,
  type SqlJobStoreOptions,
} from './store/sql-job-store';
export { WalCheckpointer, type WalCheckpointerOptions } from './store/wal-checkpointer';
export {
  checkDatasetScheme,
  DATASET_SCHEMES,
  normaliseTrainerRequest,
  expandSecretArgs,
  renderFlags,
  renderSecretFlags,
  type SecretFlags,
  type TrainerRequest,
} from './trainer-request';
export { planVertexCustomJob, type CustomJobSpec } from './vertex/custom-job';
export { VertexBackend, type VertexBackendOptions } from './vertex/vertex-backend';
export { followLogs, isSettled, type FollowLogsOptions } from './follow-logs';
export { openJobs, type Jobs, type OpenJobsOptions } from './open-jobs';
