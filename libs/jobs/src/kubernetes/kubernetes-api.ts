import type { Writable } from 'node:stream';

/** A pod of a Job, as far as the watcher needs it. */
export interface PodState {
  name: string;
  phase: string;
  /** Exit code of the first container once it terminated. */
  exitCode?: number;
  /** Why it waits or failed, e.g. ImagePullBackOff. */
  reason?: string;
}

/** A Job's status, as far as the watcher needs it. */
export interface JobState {
  active: number;
  succeeded: number;
  failed: number;
  /** `Complete` or `Failed` once the Job is finished, with the condition's message. */
  finished?: { type: 'Complete' | 'Failed'; message?: string };
}

/**
 * The Kubernetes API calls the backend makes. {@link clientNodeKubernetesApi} implements them
 * with `@kubernetes/client-node`; tests run it against a loopback server speaking the same paths.
 */
export interface KubernetesApi {
  /** The cluster's address, as shown in logs. */
  readonly server: string;
  createJob(namespace: string, manifest: object): Promise<{ uid: string }>;
  createSecret(namespace: string, manifest: object): Promise<void>;
  readJob(namespace: string, name: string): Promise<JobState>;
  listPods(namespace: string, labelSelector: string): Promise<PodState[]>;
  /** Streams a container's log into `into` until the container ends (or `signal` aborts). */
  followLog(
    namespace: string,
    pod: string,
    container: string,
    into: Writable,
    signal: AbortSignal,
  ): Promise<void>;
  /** Deletes the Job and, in the background, its pods. */
  deleteJob(namespace: string, name: string): Promise<void>;
}
