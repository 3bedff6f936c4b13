/**
 * The store refused a put because the bytes sent do not have the sha256 the put was given:
 * the file changed after its digest was taken. Amazon S3, MinIO and R2 check the digest sent as
 * the object's checksum (`BadDigest`) and keep nothing. {@link ArtifactStore.putFile} then
 * forgets the digest it had cached, hashes the file and sends it again.
 */
export class DigestRejectedError extends Error {
  constructor(
    /** The object the put was for, e.g. `s3://bucket/blobs/sha256/ab/ab12...`. */
    readonly uri: string,
    /** The hex sha256 the put was given. */
    readonly sha256: string,
    options?: ErrorOptions,
  ) {
    super(
      `The store refused ${uri}: the bytes sent do not have sha256 ${sha256}, so the file changed ` +
        'after its digest was taken. Nothing was stored; put the file again once it is complete.',
      options,
    );
    this.name = this.constructor.name;
  }
}
