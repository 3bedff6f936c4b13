import type { S3Client } from '@aws-sdk/client-s3';
import { hasErrorCode } from './errno';

/** Socket errors that mean the server was not reached (or dropped the connection). */
const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
];

interface SdkErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * The SDK's retry layer turns what is not an `Error` of its own realm (a socket error under
 * Jest's sandbox, say) into `Error("AWS SDK error wrapper for <error as text>")`, losing `code`.
 */
const WRAPPER = /^AWS SDK error wrapper for (?:\w+: )?/;
const WRAPPED_NETWORK_ERROR = new RegExp(`\\b(${[...NETWORK_CODES, 'TimeoutError'].join('|')})\\b`);

/** Whether an SDK call failed before reaching S3: refused, unresolvable, or timed out. */
export function isNetworkError(error: unknown): boolean {
  const message = (error as { message?: unknown })?.message;
  return (
    hasErrorCode(error, ...NETWORK_CODES) ||
    // The SDK's HTTP handler rejects with `TimeoutError` when connectionTimeout expires.
    (error as SdkErrorShape)?.name === 'TimeoutError' ||
    (typeof message === 'string' && WRAPPER.test(message) && WRAPPED_NETWORK_ERROR.test(message))
  );
}

/** A short description of a failure; connection errors may carry only a code. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return error.message.replace(WRAPPER, '') || (typeof code === 'string' ? code : error.name);
}

/** Whether S3 answered that the bucket does not exist. */
export function isNoSuchBucket(error: unknown): boolean {
  return (error as SdkErrorShape)?.name === 'NoSuchBucket';
}

/**
 * Whether S3 refused the bytes of a put because they do not match the checksum sent with them
 * (`BadDigest`: Amazon S3, MinIO, R2; `XAmzContentChecksumMismatch`: some S3-compatible
 * servers).
 */
export function isBadDigest(error: unknown): boolean {
  const name = (error as SdkErrorShape)?.name;
  return name === 'BadDigest' || name === 'XAmzContentChecksumMismatch';
}

/** Whether S3 answered that the object (or upload) does not exist; HEAD answers carry no code. */
export function isNotFound(error: unknown): boolean {
  const sdkError = error as SdkErrorShape;
  if (isNoSuchBucket(error)) return false;
  return (
    sdkError?.name === 'NoSuchKey' ||
    sdkError?.name === 'NotFound' ||
    sdkError?.name === 'NoSuchUpload' ||
    sdkError?.$metadata?.httpStatusCode === 404
  );
}

/** Where a client sends its requests, for messages: its custom endpoint, or S3 and the region. */
export async function describeEndpoint(
  client: S3Client,
): Promise<{ endpoint: string; custom: boolean }> {
  const custom = await client.config.endpoint?.().catch(() => undefined);
  if (custom) {
    const port = custom.port === undefined ? '' : `:${custom.port}`;
    const path = custom.path && custom.path !== '/' ? custom.path : '';
    return { endpoint: `${custom.protocol}//${custom.hostname}${port}${path}`, custom: true };
  }
  const region = await client.config.region().catch(() => 'unknown');
  return { endpoint: `Amazon S3 (region ${region})`, custom: false };
}
