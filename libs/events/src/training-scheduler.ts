import type { RequestLedger, RequestRecord } from './request-ledger';
import { SUBJECTS } from './subjects';

/** What a finished training reports: the original's `model_ready` keys plus mesh's. */
export interface TrainingOutcome {
  /** The model store bucket (or `file://` root) holding the version's files. */
  bucket: string;
  /** The keys consumers of the original read. */
  bucket_files: { model_file: string; vocab_file?: string };
  /** The registered model, e.g. `NULOG-TRAINED`. */
  model: string;
  /** The registered version, e.g. `NULOG-TRAINED-3`. */
  version: string;
  metrics: Record<string, number>;
}

/** Runs one training to the end: resolves with the registered version, rejects with why it failed. */
export type TrainFunction = (record: RequestRecord) => Promise<TrainingOutcome>;

/** Options of {@link TrainingScheduler}. */
export interface TrainingSchedulerOptions {
  ledger: RequestLedger;
  train: TrainFunction;
  /** Publishes one event (JSON payload). */
  publish: (subject: string, payload: Record<string, unknown>) => void;
  /** Trainings of one project running at once; the rest wait in arrival order. Default: 1. */
  maxActivePerProject?: number;
  /** Reports what happens. Default: nothing. */
  log?: (message: string) => void;
}

/**
 * Starts recorded training requests, at most `maxActivePerProject` per project at once, the
 * others waiting in arrival order; nothing is dropped or overwritten. Every change is in the
 * ledger before its event is published: `mesh.jobs.<project>.{started,succeeded,failed}`, then
 * `model_ready` or `model_failed`.
 */
export class TrainingScheduler {
  private readonly waiting = new Map<string, RequestRecord[]>();
  private readonly active = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly maxActive: number;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: TrainingSchedulerOptions) {
    this.maxActive = options.maxActivePerProject ?? 1;
    if (!Number.isInteger(this.maxActive) || this.maxActive < 1)
      throw new Error(
        `MAX_ACTIVE_TRAININGS must be a whole number >= 1 (got ${options.maxActivePerProject})`,
      );
  }

  /** Queues the unfinished requests of the ledger (after a restart), in arrival order. */
  resume(): number {
    const unfinished = this.options.ledger.unfinished();
    for (const record of unfinished) this.enqueue(record);
    return unfinished.length;
  }

  /** Queues one recorded request and starts what may start. */
  enqueue(record: RequestRecord): void {
    const queue = this.waiting.get(record.project) ?? [];
    queue.push(record);
    this.waiting.set(record.project, queue);
    this.pump(record.project);
  }

  /** Resolves when no training runs or waits. */
  idle(): Promise<void> {
    if (this.running.size === 0 && [...this.waiting.values()].every((queue) => queue.length === 0))
      return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts nothing new; running trainings stay `started` in the ledger and are resumed by the next process. */
  stop(): void {
    this.stopped = true;
  }

  private pump(project: string): void {
    const queue = this.waiting.get(project) ?? [];
    while (!this.stopped && queue.length > 0 && (this.active.get(project) ?? 0) < this.maxActive) {
      const record = queue.shift()!;
      this.active.set(project, (this.active.get(project) ?? 0) + 1);
      const run = this.run(record).finally(() => {
        this.running.delete(run);
        this.active.set(project, (this.active.get(project) ?? 1) - 1);
        this.pump(project);
        if (
          this.running.size === 0 &&
          [...this.waiting.values()].every((waiting) => waiting.length === 0)
        ) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
      this.running.add(run);
    }
  }

  private async run(record: RequestRecord): Promise<void> {
    const { ledger, publish, log } = this.options;
    const started = ledger.update(record.jobId, { status: 'started', starts: record.starts + 1 });
    publish(SUBJECTS.job(record.project, 'started'), {
      job_id: record.jobId,
      model_to_train: record.project,
      attempt: started.starts,
    });
    log?.(`${record.jobId} (${record.project}) started`);
    let outcome: TrainingOutcome;
    try {
      outcome = await this.options.train(started);
    } catch (error) {
      if (this.stopped) return; // the process is going down: the next one runs it again
      const message = (error as Error).message;
      ledger.update(record.jobId, { status: 'failed', error: message });
      publish(SUBJECTS.job(record.project, 'failed'), {
        job_id: record.jobId,
        model_to_train: record.project,
        error: message,
      });
      publish(SUBJECTS.modelFailed, {
        model_to_train: record.project,
        job_id: record.jobId,
        error: message,
        time_intervals: record.intervals,
      });
      log?.(`${record.jobId} (${record.project}) failed: ${message}`);
      return;
    }
    ledger.update(record.jobId, { status: 'succeeded', result: { ...outcome } });
    publish(SUBJECTS.job(record.project, 'succeeded'), {
      job_id: record.jobId,
      model_to_train: record.project,
      version: outcome.version,
    });
    publish(SUBJECTS.modelReady, {
      ...outcome,
      job_id: record.jobId,
      model_to_train: record.project,
    });
    log?.(`${record.jobId} (${record.project}) succeeded: ${outcome.version}`);
  }
}
