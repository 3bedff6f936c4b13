import {
  BucketNotFoundError,
  ChecksumMismatchError,
  InvalidStoreUriError,
  StoreUnreachableError,
} from '@mesh/model-store';

const EXPECTED = 'a'.repeat(64);
const ACTUAL = 'b'.repeat(64);

describe('errors', () => {
  test('ChecksumMismatchError names the object, both digests, and what to do', () => {
    const error = new ChecksumMismatchError({
      uri: `s3://models/blobs/sha256/aa/${EXPECTED}`,
      expected: EXPECTED,
      actual: ACTUAL,
      destination: '/tmp/model.bin',
      actualSize: 12,
    });
    expect(error.name).toBe('ChecksumMismatchError');
    expect(error.message).toBe(
      `s3://models/blobs/sha256/aa/${EXPECTED} does not match its digest: expected sha256:${EXPECTED}, ` +
        `got sha256:${ACTUAL} (12 bytes). The stored object is damaged and nothing was written to ` +
        '/tmp/model.bin: delete the blob (ArtifactStore.deleteBlob) and upload the artifact again.',
    );
  });

  test('ChecksumMismatchError adds the sizes when they differ', () => {
    const error = new ChecksumMismatchError({
      uri: 'file:///store/x',
      expected: EXPECTED,
      actual: ACTUAL,
      destination: '/tmp/x',
      actualSize: 10,
      expectedSize: 12,
    });
    expect(error.message).toContain(`got sha256:${ACTUAL} (expected 12 bytes, got 10).`);
  });

  test('StoreUnreachableError, BucketNotFoundError and InvalidStoreUriError are named', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:9000');
    const unreachable = new StoreUnreachableError(
      'http://127.0.0.1:9000',
      cause.message,
      'check S3_ENDPOINT_URL',
      { cause },
    );
    expect(unreachable).toMatchObject({
      name: 'StoreUnreachableError',
      endpoint: 'http://127.0.0.1:9000',
      cause,
      message:
        'Cannot reach the model store at http://127.0.0.1:9000 (connect ECONNREFUSED 127.0.0.1:9000): check S3_ENDPOINT_URL.',
    });
    expect(new BucketNotFoundError('models', 'http://127.0.0.1:9000')).toMatchObject({
      name: 'BucketNotFoundError',
      bucket: 'models',
    });
    expect(new InvalidStoreUriError('MODEL_STORE_URI', 'x', 'is bad', 'use y')).toMatchObject({
      name: 'InvalidStoreUriError',
      message: 'MODEL_STORE_URI "x" is bad: use y',
      exitCode: 2,
    });
  });
});
