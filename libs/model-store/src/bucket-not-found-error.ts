/** The store's bucket does not exist on the server. */
export class BucketNotFoundError extends Error {
  constructor(
    readonly bucket: string,
    /** The server asked, e.g. `http://127.0.0.1:9000`. */
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The bucket "${bucket}" does not exist at ${endpoint}: create it, or correct the bucket ` +
        `in MODEL_STORE_URI (s3://${bucket}/...).`,
      options,
    );
    this.name = this.constructor.name;
  }
}
