import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** Options of {@link WalCheckpointer.start}. */
export interface WalCheckpointerOptions {
  /** Time between the worker's checkpoints. Default: 100 ms. */
  intervalMs?: number;
  /**
   * Frames (pages) the log may hold before it starts over. The worker copies frames without
   * holding commits back, but the log only starts over once every frame is copied, which
   * commits that keep coming prevent: past this size, the connection copies the frames
   * committed since the worker's last pass itself, between two commits (a few, as the worker
   * has just copied the rest), and the next commit writes from the log's start. Default: 4,000
   * (~16 MB of 4 KiB pages; SQLite's own checkpoint copies everything at 1,000, in the commit).
   */
  restartAboveFrames?: number;
  /** Told when the worker fails; checkpoints then run inside commits again, as SQLite does by default. */
  onError?: (error: Error) => void;
}

/** What the worker reports after each checkpoint: frames in the log, and how many it copied. */
interface CheckpointReport {
  log: number;
  checkpointed: number;
}

/**
 * The worker's code, run from a string so the same code serves the compiled library and its
 * tests. Its own connection copies the log into the database with PASSIVE checkpoints (never
 * waiting for, nor holding back, the service's commits) every `intervalMs`: a second pass
 * copies what was committed during the first, so little is left for the connection.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
let timer;
const checkpoint = () => {
  try {
    let [row] = db.pragma('wal_checkpoint(PASSIVE)');
    if (row.log > workerData.restartAboveFrames) [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ log: row.log, checkpointed: row.checkpointed });
    timer = setTimeout(checkpoint, workerData.intervalMs);
  } catch (error) {
    db.close();
    throw error;
  }
};
timer = setTimeout(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Copies a SQLite database's write-ahead log into the database from a worker thread, instead
 * of SQLite's automatic checkpoint, which runs inside the commit that crosses 1,000 frames and
 * stalls the event loop for as long as it takes to copy and sync all of them (~25 ms for
 * 1,000 pages on the benchmark machine: bench/api-load/wal-checkpoints.ts).
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopping = false;
  private readonly exited: Promise<void>;
  /** The worker's checkpoints, the connection's own (each lets the log start over), the log's last size. */
  readonly stats = { checkpoints: 0, restarts: 0, lastLogFrames: 0 };

  private constructor(
    private readonly database: BetterSqlite3.Database,
    options: WalCheckpointerOptions,
  ) {
    const restartAboveFrames = options.restartAboveFrames ?? 4_000;
    database.pragma('wal_autocheckpoint = 0');
    // When the log starts over, its file is cut back to this size rather than kept at its largest.
    database.pragma(`journal_size_limit = ${64 * 2 ** 20}`);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        // The driver the database was opened with, wherever the caller resolved it.
        driver: require.resolve('better-sqlite3'),
        path: database.name,
        intervalMs: options.intervalMs ?? 100,
        restartAboveFrames,
      },
    });
    this.worker.unref();
    this.worker.on('message', (report: CheckpointReport) => {
      this.stats.checkpoints++;
      this.stats.lastLogFrames = report.log;
      // Here, between two commits: the frames committed since the worker's pass began.
      if (report.log > restartAboveFrames && this.database.open && !this.stopping) {
        try {
          const [row] = this.database.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number }>;
          if (row.busy === 0) this.stats.restarts++;
        } catch {
          // Busy or closing: the worker's next report tries again.
        }
      }
    });
    const failed = (error: Error) => {
      if (this.stopping) return;
      this.stopping = true;
      // Checkpoints inside commits again, rather than a log that grows without end.
      if (this.database.open) this.database.pragma('wal_autocheckpoint = 1000');
      options.onError?.(error);
    };
    this.worker.on('error', failed);
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        if (code !== 0) failed(new Error(`The WAL checkpoint worker exited with code ${code}.`));
        resolve();
      }),
    );
  }

  /**
   * Starts checkpointing `database` (a file in WAL mode) from a worker thread, and turns off the
   * connection's automatic checkpoints.
   */
  static start(database: BetterSqlite3.Database, options: WalCheckpointerOptions = {}) {
    return new WalCheckpointer(database, options);
  }

  /** Stops the worker after its current checkpoint and closes its connection. */
  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      // Held open until the worker has closed its connection, so the caller's close comes after.
      this.worker.ref();
      this.worker.postMessage('stop');
    }
    await this.exited;
  }
}
