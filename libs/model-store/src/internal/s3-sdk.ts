import type * as S3Sdk from '@aws-sdk/client-s3';

/**
 * The AWS SDK's S3 module, loaded on first use rather than with the library: loading it takes
 * ~60 ms, which every command that only uses a local store, and `mesh serve`'s start-up, would
 * otherwise pay. An {@link S3ModelStore} is built with a client, so it is loaded by then.
 */
export function s3Sdk(): typeof S3Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@aws-sdk/client-s3') as typeof S3Sdk;
}
