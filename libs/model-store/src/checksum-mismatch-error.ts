/** What {@link ChecksumMismatchError} reports. */
export interface ChecksumMismatch {
  /** The object read, e.g. `s3://bucket/blobs/sha256/ab/ab12...`. */
  uri: string;
  /** Hex sha256 the object is addressed by. */
  expected: string;
  /** Hex sha256 of the bytes received. */
  actual: string;
  /** Where the file would have been written. */
  destination: string;
  /** Bytes received. */
  actualSize: number;
  /** Bytes the caller expected, when it said. */
  expectedSize?: number;
}

/**
 * A downloaded blob's bytes do not hash to the digest it is stored under: the stored object is
 * damaged (or was replaced). Nothing is written at the destination.
 */
export class ChecksumMismatchError extends Error {
  readonly uri: string;
  readonly expected: string;
  readonly actual: string;
  readonly destination: string;

  constructor(mismatch: ChecksumMismatch) {
    const sizes =
      mismatch.expectedSize !== undefined && mismatch.expectedSize !== mismatch.actualSize
        ? `expected ${mismatch.expectedSize} bytes, got ${mismatch.actualSize}`
        : `${mismatch.actualSize} bytes`;
    super(
      `${mismatch.uri} does not match its digest: expected sha256:${mismatch.expected}, ` +
        `got sha256:${mismatch.actual} (${sizes}). The stored object is damaged and nothing was ` +
        `written to ${mismatch.destination}: delete the blob (ArtifactStore.deleteBlob) and upload ` +
        `the artifact again.`,
    );
    this.name = this.constructor.name;
    this.uri = mismatch.uri;
    this.expected = mismatch.expected;
    this.actual = mismatch.actual;
    this.destination = mismatch.destination;
  }
}
