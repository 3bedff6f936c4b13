import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { TrainRequest } from './train-request';

/** Where a request stands. */
export type RequestStatus = 'queued' | 'started' | 'succeeded' | 'failed';

/** One training request as recorded: the job record the trigger acknowledges once persisted. */
export interface RequestRecord extends TrainRequest {
  /** The message id (`Nats-Msg-Id`, else `<stream>:<sequence>`): duplicates of it are ignored. */
  messageId: string;
  /** The job id, `train-<sequence>`. */
  jobId: string;
  /** Arrival order, 1, 2, ... */
  sequence: number;
  status: RequestStatus;
  /** How many times it was started (a start interrupted by a crash is started again). */
  starts: number;
  receivedAt: string;
  updatedAt: string;
  /** What the training returned or why it failed. */
  result?: Record<string, unknown>;
  error?: string;
}

/**
 * The durable record of every training request: a JSON file replaced atomically (write, fsync,
 * then rename) on every change, so a crash or power loss leaves the previous or the next state,
 * never half of one. One `mesh serve` per MESH_HOME owns it.
 */
export class RequestLedger {
  private records: RequestRecord[] = [];
  private readonly byMessage = new Map<string, RequestRecord>();

  constructor(
    readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (existsSync(path)) {
      try {
        this.records = JSON.parse(readFileSync(path, 'utf8')).requests as RequestRecord[];
      } catch (error) {
        throw new Error(
          `${path}: the training request ledger is not readable (${(error as Error).message}); move it away to start afresh`,
        );
      }
      for (const record of this.records) this.byMessage.set(record.messageId, record);
    }
  }

  /** Records a request as queued; returns the existing record (and `created: false`) for a message id seen before. */
  add(messageId: string, request: TrainRequest): { record: RequestRecord; created: boolean } {
    const existing = this.byMessage.get(messageId);
    if (existing) return { record: existing, created: false };
    const sequence = (this.records.at(-1)?.sequence ?? 0) + 1;
    const at = this.now().toISOString();
    const record: RequestRecord = {
      ...request,
      messageId,
      jobId: `train-${sequence}`,
      sequence,
      status: 'queued',
      starts: 0,
      receivedAt: at,
      updatedAt: at,
    };
    this.records.push(record);
    this.byMessage.set(messageId, record);
    this.save();
    return { record, created: true };
  }

  /** Changes a record and persists the change before returning. */
  update(
    jobId: string,
    change: Partial<Pick<RequestRecord, 'status' | 'starts' | 'result' | 'error'>>,
  ): RequestRecord {
    const record = this.records.find((candidate) => candidate.jobId === jobId);
    if (!record) throw new Error(`no training request ${jobId}`);
    Object.assign(record, change, { updatedAt: this.now().toISOString() });
    this.save();
    return record;
  }

  /** Requests not finished (queued, or started by a process that stopped), in arrival order. */
  unfinished(): RequestRecord[] {
    return this.records.filter(
      (record) => record.status === 'queued' || record.status === 'started',
    );
  }

  /** Every request, in arrival order. */
  all(): readonly RequestRecord[] {
    return this.records;
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    // fsync the file before the rename and the folder after it: a request is acknowledged once
    // saved, so the save must survive a power loss, not only a crash of the process.
    const file = openSync(temporary, 'w');
    try {
      writeSync(file, `${JSON.stringify({ requests: this.records }, null, 1)}\n`);
      fsyncSync(file);
    } finally {
      closeSync(file);
    }
    renameSync(temporary, this.path);
    const folder = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  }
}
