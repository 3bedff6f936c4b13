/** The subjects mesh listens and speaks on. */
export const SUBJECTS = {
  /** Training requests (the original's subject). */
  train: 'train',
  /** Answers to malformed requests, with the reason. */
  rejected: (train: string) => `${train}.rejected`,
  /** Job lifecycle, for every project. */
  job: (project: string, event: JobEvent) => `mesh.jobs.${project}.${event}`,
  /** The original's announcement of a new model. */
  modelReady: 'model_ready',
  modelFailed: 'model_failed',
} as const;

/** The lifecycle events of a triggered job. */
export type JobEvent = 'queued' | 'started' | 'succeeded' | 'failed';
