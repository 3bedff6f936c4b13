import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** Options of {@link WalCheckpointer.start}. */
export interface WalCheckpointerOptions {
  /** Time between checkpoints while the log has frames to copy. Default: 100 ms. */
  intervalMs?: number;
  /**
   * Frames (pages) the log may hold before a checkpoint waits for writers to let it start the
   * log over (a RESTART checkpoint, which briefly holds new commits back); below this, writers
   * are never held. Default: 10,000 (~40 MB of 4 KiB pages; SQLite's own threshold is 1,000).
   */
  restartAboveFrames?: number;
  /** Told when the worker fails; checkpoints then run inside commits again, as SQLite does by default. */
  onError?: (error: Error) => void;
}

/** What the worker reports after each checkpoint: SQLite's `wal_checkpoint` row. */
interface CheckpointReport {
  /** Frames in the log. */
  log: number;
  /** Frames copied into the database so far. */
  checkpointed: number;
  mode: 'PASSIVE' | 'RESTART';
}

/**
 * The worker's code, run from a string so the same code serves the compiled library and its
 * tests. Its own connection copies the log into the database (a PASSIVE checkpoint: never waits
 * for, nor holds back, the service's commits), as often as `intervalMs` while there is work.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
let timer;
const checkpoint = () => {
  try {
    let [row] = db.pragma('wal_checkpoint(PASSIVE)');
    let mode = 'PASSIVE';
    if (row.log > workerData.restartAboveFrames) {
      [row] = db.pragma('wal_checkpoint(RESTART)');
      mode = 'RESTART';
    }
    parentPort.postMessage({ log: row.log, checkpointed: row.checkpointed, mode });
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
 * stalls the event loop for as long as it takes to write and sync those pages.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopping = false;
  private readonly exited: Promise<void>;
  /** Checkpoints run so far, and frames the last one found in the log. */
  readonly stats = { checkpoints: 0, restarts: 0, lastLogFrames: 0 };

  private constructor(
    private readonly database: BetterSqlite3.Database,
    options: WalCheckpointerOptions,
  ) {
    database.pragma('wal_autocheckpoint = 0');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        // The driver the database was opened with, wherever the caller resolved it.
        driver: require.resolve('better-sqlite3'),
        path: database.name,
        intervalMs: options.intervalMs ?? 100,
        restartAboveFrames: options.restartAboveFrames ?? 10_000,
      },
    });
    this.worker.unref();
    this.worker.on('message', (report: CheckpointReport) => {
      this.stats.checkpoints++;
      if (report.mode === 'RESTART') this.stats.restarts++;
      this.stats.lastLogFrames = report.log;
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
      this.worker.postMessage('stop');
    }
    await this.exited;
  }
}
