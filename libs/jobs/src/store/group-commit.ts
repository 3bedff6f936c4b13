/** Options of {@link GroupCommit}. */
export interface GroupCommitOptions<T> {
  /**
   * Writes a batch in one commit and says, item by item, whether it was stored: `undefined`
   * for a stored item, the error for one that was not. Rejecting fails the whole batch.
   */
  write: (items: T[]) => Promise<Array<Error | undefined>>;
  /** Most items in one commit. Default: 256. */
  maxBatch?: number;
  /**
   * Most batches being written at once; items arriving meanwhile wait for the next commit.
   * Default: 1.
   */
  maxInFlight?: number;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: writes arriving in the same turn of the event loop (and while a commit is in
 * flight) are stored together in one transaction, and each caller's promise settles only once
 * its batch has committed. Under load this turns N commits (each a WAL write or a database
 * round trip) into one, without holding a write back for a timer.
 */
export class GroupCommit<T> {
  private queue: Array<Pending<T>> = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly idle = new Set<() => void>();

  constructor(private readonly options: GroupCommitOptions<T>) {
    this.maxBatch = options.maxBatch ?? 256;
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** Resolves once `item` is committed; rejects with its own error (or the batch's). */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is queued or being written. */
  async flushed(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    // After the current I/O phase: every request parsed in it joins this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.writeNext();
    });
  }

  private writeNext(): void {
    if (this.queue.length === 0 || this.inFlight >= this.maxInFlight) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.inFlight++;
    void this.options
      .write(batch.map((pending) => pending.item))
      .then(
        (outcomes) =>
          batch.forEach((pending, i) => {
            const error = outcomes[i];
            if (error) pending.reject(error);
            else pending.resolve();
          }),
        (error: Error) => batch.forEach((pending) => pending.reject(error)),
      )
      .finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.schedule();
        else if (this.inFlight === 0) {
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        }
      });
  }
}
