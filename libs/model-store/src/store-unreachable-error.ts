/**
 * The store's server could not be reached: the connection was refused, the host name did not
 * resolve, or the connection timed out. Names the endpoint and the setting to check.
 */
export class StoreUnreachableError extends Error {
  constructor(
    /** The endpoint tried, e.g. `http://127.0.0.1:9000` or `Amazon S3 (region eu-west-1)`. */
    readonly endpoint: string,
    /** What went wrong, e.g. `connect ECONNREFUSED 127.0.0.1:9000`. */
    reason: string,
    /** What to check, e.g. `check S3_ENDPOINT_URL and that the server is running`. */
    fix: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot reach the model store at ${endpoint} (${reason}): ${fix}.`, options);
    this.name = this.constructor.name;
  }
}
