import { hostname } from 'node:os';
import type { JobBackend, JobOutcome, StopReason } from './backend';
import { lengthenJobName } from './names';
import { JobError, JobNameTakenError, UnknownJobError } from './errors';
import {
  TERMINAL_STATUSES,
  type BackendName,
  type JobRecord,
  type JobSpec,
  type LogStream,
} from './job-types';
import { redactDeep, SecretScrubber } from './redact';
import type { JobStore } from './store/job-store';

/** Options of {@link JobRunner}. */
export interface JobRunnerOptions {
  store: JobStore;
  backends: Partial<Record<BackendName, JobBackend>>;
  /** Longest stored log line, in characters; longer ones are cut. Default: 10,000. */
  maxLineChars?: number;
  /** Default: `() => new Date()`. */
  now?: () => Date;
  /** This process, as recorded in `owner`. Default: `<hostname>:<pid>`. */
  owner?: string;
}

/** A job being run by this process. */
interface Running {
  controller: AbortController;
  done: Promise<JobRecord>;
}

/**
 * Runs jobs on their backends and keeps their records: every status change, the outcome and
 * each log line (secrets scrubbed) are written to the store as they happen, in order.
 */
export class JobRunner {
  private readonly store: JobStore;
  private readonly backends: Partial<Record<BackendName, JobBackend>>;
  private readonly maxLineChars: number;
  private readonly now: () => Date;
  readonly owner: string;
  private readonly running = new Map<string, Running>();

  constructor(options: JobRunnerOptions) {
    this.store = options.store;
    this.backends = options.backends;
    this.maxLineChars = options.maxLineChars ?? 10_000;
    this.now = options.now ?? (() => new Date());
    this.owner = options.owner ?? `${hostname()}:${process.pid}`;
  }

  private time(): string {
    return this.now().toISOString();
  }

  /**
   * Records the job as `queued` (so it is never lost once this resolves), then starts it in the
   * background. Resolves with the queued record; {@link JobRunner.wait} follows it to the end.
   */
  async submit(spec: JobSpec): Promise<JobRecord> {
    const backend = this.backends[spec.backend];
    if (!backend)
      throw new JobError(
        `The ${spec.backend} backend is not available here (available: ${Object.keys(this.backends).join(', ')}).`,
      );
    const scrubber = new SecretScrubber([
      ...Object.values(spec.secrets),
      ...(spec.secretValues ?? []),
    ]);
    const immediate = backend.completesAtOnce?.(spec) ?? false;
    const base = spec.name;
    // Names are unique in the table; the rare collision of two ids' first hex digits takes more of them.
    for (const digits of NAME_DIGITS) {
      spec.name = lengthenJobName(base, spec.id, digits);
      const at = this.time();
      const queued: JobRecord = {
        id: spec.id,
        name: spec.name,
        backend: spec.backend,
        project: spec.project ?? null,
        component: spec.component ?? null,
        externalId: null,
        status: 'queued',
        dryRun: false,
        createdAt: at,
        updatedAt: at,
        startedAt: null,
        finishedAt: null,
        exitCode: null,
        error: null,
        args: redactDeep(spec.request, scrubber),
        owner: this.owner,
        cancelRequested: false,
      };
      try {
        if (immediate) {
          // A dry run only plans: the final record, its log and manifest in one transaction.
          const { record, logs, manifest } = await this.planNow(spec, backend, scrubber, queued);
          await this.store.create(record, { logs, manifest });
          return record;
        }
        await this.store.create(queued);
      } catch (error) {
        if (error instanceof JobNameTakenError && digits !== NAME_DIGITS[NAME_DIGITS.length - 1])
          continue;
        throw error;
      }
      this.start(spec, backend, scrubber);
      return queued;
    }
    throw new JobError(`No free name for job ${spec.id}.`);
  }

  /** Runs a backend that completes at once (a dry run), collecting what it says. */
  private async planNow(
    spec: JobSpec,
    backend: JobBackend,
    scrubber: SecretScrubber,
    queued: JobRecord,
  ): Promise<{
    record: JobRecord;
    logs: Array<{ at: string; stream: LogStream; line: string }>;
    manifest?: object;
  }> {
    const logs: Array<{ at: string; stream: LogStream; line: string }> = [];
    let manifest: object | undefined;
    let externalId: string | null = null;
    const log = (stream: LogStream, line: string) => {
      const clean = scrubber.scrub(line);
      logs.push({
        at: this.time(),
        stream,
        line: clean.length > this.maxLineChars ? `${clean.slice(0, this.maxLineChars)}…` : clean,
      });
    };
    let outcome: JobOutcome;
    try {
      outcome = await backend.run({
        spec,
        signal: NEVER_ABORTED,
        log,
        externalId: (id) => (externalId = scrubber.scrub(id)),
        status: () => undefined,
        manifest: (planned) => (manifest = planned),
      });
    } catch (error) {
      outcome = { status: 'failed', error: (error as Error).message };
    }
    if (outcome.status === 'failed' && outcome.error) log('system', `Failed: ${outcome.error}`);
    const at = this.time();
    return {
      record: {
        ...queued,
        externalId,
        status: finalStatus(outcome),
        dryRun: Boolean(outcome.dryRun),
        exitCode: outcome.exitCode ?? null,
        error: outcome.error ? scrubber.scrub(outcome.error) : null,
        updatedAt: at,
        ...(finalStatus(outcome) !== 'submitted' ? { finishedAt: at } : {}),
      },
      logs,
      manifest,
    };
  }

  private start(
    spec: JobSpec,
    backend: JobBackend,
    scrubber: SecretScrubber,
    mode: 'run' | 'follow' = 'run',
  ): void {
    const controller = new AbortController();
    const done = this.execute(spec, backend, controller, scrubber, mode);
    this.running.set(spec.id, { controller, done });
    void done.finally(() => this.running.delete(spec.id));
  }

  /**
   * Starts again a job that is stored as `queued` or `submitting` but whose process died before
   * handing it to its backend (see {@link JobRunner.recover}). Its id and name stay the same.
   */
  async resume(spec: JobSpec): Promise<JobRecord> {
    const backend = this.backends[spec.backend];
    if (!backend) throw new JobError(`The ${spec.backend} backend is not available here.`);
    if (!(await this.store.get(spec.id))) throw new UnknownJobError(spec.id);
    await this.store.appendLogs(spec.id, [
      { at: this.time(), stream: 'system', line: `Resubmitted by ${this.owner} after a restart` },
    ]);
    const record = await this.store.update(spec.id, {
      status: 'queued',
      owner: this.owner,
      updatedAt: this.time(),
    });
    if (!record) throw new UnknownJobError(spec.id);
    this.start(
      spec,
      backend,
      new SecretScrubber([...Object.values(spec.secrets), ...(spec.secretValues ?? [])]),
    );
    return record;
  }

  /** Submits and waits until the job ends (or, for a dry run or hand-off, is submitted). */
  async run(spec: JobSpec): Promise<JobRecord> {
    await this.submit(spec);
    return this.wait(spec.id);
  }

  /** The record once this process is done with the job (at once if it runs elsewhere). */
  async wait(id: string): Promise<JobRecord> {
    const running = this.running.get(id);
    if (running) return running.done;
    const record = await this.store.get(id);
    if (!record) throw new UnknownJobError(id);
    return record;
  }

  /** Whether this process runs the job now. */
  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  private async execute(
    spec: JobSpec,
    backend: JobBackend,
    controller: AbortController,
    scrubber: SecretScrubber,
    mode: 'run' | 'follow' = 'run',
  ): Promise<JobRecord> {
    // Every write for this job goes through one chain, so lines and statuses land in order.
    let chain: Promise<unknown> = Promise.resolve();
    let pending: Array<{ at: string; stream: LogStream; line: string }> = [];
    let flushTimer: NodeJS.Timeout | undefined;
    const enqueue = (work: () => Promise<unknown>) => {
      chain = chain.then(work).catch(() => undefined);
      return chain;
    };
    const flush = () => {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      const lines = pending;
      pending = [];
      return enqueue(() => this.store.appendLogs(spec.id, lines));
    };
    const log = (stream: LogStream, line: string) => {
      const clean = scrubber.scrub(line);
      pending.push({
        at: this.time(),
        stream,
        line: clean.length > this.maxLineChars ? `${clean.slice(0, this.maxLineChars)}…` : clean,
      });
      if (pending.length >= 200) void flush();
      else flushTimer ??= setTimeout(() => void flush(), 100);
    };
    const update = (patch: Partial<JobRecord>) => {
      void flush();
      return enqueue(() => this.store.update(spec.id, { ...patch, updatedAt: this.time() }));
    };

    let timeout: NodeJS.Timeout | undefined;
    if (spec.timeoutMs)
      timeout = setTimeout(() => {
        log('system', `Timed out after ${Math.round(spec.timeoutMs! / 1000)} s: stopping the job`);
        controller.abort('timeout' satisfies StopReason);
      }, spec.timeoutMs);
    let outcome: JobOutcome;
    try {
      const context = {
        spec,
        signal: controller.signal,
        log,
        externalId: (id: string) => void update({ externalId: scrubber.scrub(id) }),
        manifest: (planned: object) => void enqueue(() => this.store.setManifest(spec.id, planned)),
        status: (status: 'submitted' | 'running') =>
          void update(status === 'running' ? { status, startedAt: this.time() } : { status }),
      };
      if (mode === 'follow' && backend.follow) {
        void update({ owner: this.owner });
        outcome = await backend.follow(context);
      } else {
        void update({ status: 'submitting' });
        outcome = await backend.run(context);
      }
    } catch (error) {
      outcome = { status: 'failed', error: (error as Error).message };
    } finally {
      if (timeout) clearTimeout(timeout);
    }
    if (outcome.status === 'failed' && outcome.error) log('system', `Failed: ${outcome.error}`);
    // A job stopped from another process (mesh jobs cancel) ends as cancelled, not failed.
    if (outcome.status === 'failed' && !controller.signal.aborted) {
      await flush();
      await chain;
      const current = await this.store.get(spec.id).catch(() => undefined);
      if (current?.cancelRequested) outcome = { ...outcome, status: 'cancelled' };
    }
    const status = finalStatus(outcome);
    const terminal = status !== 'submitted';
    await update({
      status,
      dryRun: Boolean(outcome.dryRun),
      exitCode: outcome.exitCode ?? null,
      error: outcome.error ? scrubber.scrub(outcome.error) : null,
      ...(terminal ? { finishedAt: this.time() } : {}),
    });
    await flush();
    await chain;
    const record = await this.store.get(spec.id);
    if (!record) throw new UnknownJobError(spec.id);
    return record;
  }

  /**
   * Cancels a job: stops it if this process runs it, through its backend (pid, container, Job)
   * if another does, and marks a job that never started as cancelled. Resolves with the record.
   */
  async cancel(id: string): Promise<JobRecord> {
    const record = await this.store.get(id);
    if (!record) throw new UnknownJobError(id);
    if (TERMINAL_STATUSES.has(record.status)) return record;
    await this.store.update(id, { cancelRequested: true, updatedAt: this.time() });
    const running = this.running.get(id);
    if (running) {
      running.controller.abort('cancelled' satisfies StopReason);
      return running.done;
    }
    const stopped = await this.backends[record.backend]?.stopExternal?.(record);
    if (!stopped || record.status === 'queued' || record.status === 'submitted') {
      await this.store.appendLogs(id, [
        { at: this.time(), stream: 'system', line: `Cancelled by request (${this.owner})` },
      ]);
      await this.store.update(id, {
        status: 'cancelled',
        finishedAt: this.time(),
        updatedAt: this.time(),
      });
    }
    return (await this.store.get(id))!;
  }

  /**
   * After a restart, for every unfinished job whose owner process is gone (on this host): a job
   * still `queued` or `submitting` is started again when `resubmit` can rebuild it from its
   * record; a job handed off to Kubernetes is followed again to its end (Vertex jobs are left
   * to the platform); any other (a local
   * or docker job that was running) is marked failed with the reason. Returns the records
   * marked failed.
   */
  async recover(
    isAlive: (owner: string) => boolean = ownerAlive,
    resubmit: (record: JobRecord) => JobSpec | undefined = () => undefined,
  ): Promise<JobRecord[]> {
    const changed: JobRecord[] = [];
    for (const record of await this.store.unfinished()) {
      if (this.running.has(record.id) || !record.owner || isAlive(record.owner)) continue;
      const handedOff =
        (record.backend === 'kubernetes' || record.backend === 'vertex') &&
        (record.status === 'submitted' || record.status === 'running');
      if (handedOff) {
        const backend = this.backends[record.backend];
        if (!record.dryRun && backend?.follow) this.followAgain(record, backend);
        continue;
      }
      if (record.status === 'queued' || record.status === 'submitting') {
        let spec: JobSpec | undefined;
        try {
          spec = resubmit(record);
        } catch {
          spec = undefined;
        }
        if (spec) {
          await this.resume(spec);
          continue;
        }
      }
      const reason = `The process running it (${record.owner}) stopped while the job was ${record.status}; it was marked failed when the service restarted. Submit it again.`;
      await this.store.appendLogs(record.id, [{ at: this.time(), stream: 'system', line: reason }]);
      const updated = await this.store.update(record.id, {
        status: 'failed',
        error: reason,
        finishedAt: this.time(),
        updatedAt: this.time(),
      });
      if (updated) changed.push(updated);
    }
    return changed;
  }

  /** Follows a handed-off job whose process died, from its record alone. */
  private followAgain(record: JobRecord, backend: JobBackend): void {
    const spec: JobSpec = {
      id: record.id,
      name: record.name,
      backend: record.backend,
      ...(record.project ? { project: record.project } : {}),
      ...(record.component ? { component: record.component } : {}),
      args: [],
      env: {},
      secrets: {},
      resources: {
        gpu: 0,
        runner: 'hosted',
        resources: { cpu: '1', memory: '1Gi' },
        kubernetes: { nodeSelector: {}, tolerations: [] },
        env: [],
      },
      request: record.args,
    };
    this.start(spec, backend, new SecretScrubber(), 'follow');
  }

  /** Cancels every job this process runs and waits for them to end. */
  async shutdown(reason: StopReason = 'cancelled'): Promise<void> {
    const all = [...this.running.values()];
    for (const job of all) job.controller.abort(reason);
    await Promise.allSettled(all.map((job) => job.done));
  }

  /** Waits for every job this process runs, without stopping them. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((job) => job.done));
  }
}

/** The signal of a dry run, which nothing stops: one for all, not one per submission. */
const NEVER_ABORTED = new AbortController().signal;

/** How many hex digits of the id a job name takes: 8, more on a collision. */
const NAME_DIGITS = [8, 12, 16, 32] as const;

/** A dry run is over once printed: it ends succeeded (with `dryRun`), never left `submitted`. */
function finalStatus(outcome: JobOutcome): JobRecord['status'] {
  return outcome.status === 'submitted' && outcome.dryRun ? 'succeeded' : outcome.status;
}

/** Whether a `host:pid` owner is a live process: unknown for other hosts, so assumed alive. */
export function ownerAlive(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname()) return true;
  if (Number(pid) === process.pid) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
