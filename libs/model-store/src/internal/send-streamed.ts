import { hasErrorCode } from './errno';

/** How {@link sendStreamed} retries a request whose body is a stream of a file. */
export interface StreamedRetry {
  /** Sends of the request at most, the first included. */
  attempts: number;
  /** Wait before the second send, doubled before each next one, in milliseconds. */
  delayMs: number;
  /** Told of each failed send that is retried, with what failed. */
  onRetry?: (attempt: number, error: unknown) => void;
  signal?: AbortSignal;
}

/** S3 error names that mean "send it again later", whatever the HTTP status. */
const RETRYABLE_NAMES = new Set([
  'SlowDown',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'InternalError',
  'ServiceUnavailable',
  'ThrottlingException',
]);

/**
 * A connection dropped while the request was under way. A server that cannot be reached at all
 * (refused, unresolvable, a connect timeout) is not retried here: that is reported at once.
 */
const DROPPED_CODES = ['ECONNRESET', 'EPIPE'];
/** The same, as the SDK's retry layer wraps it under Jest's sandbox (see s3-errors.ts). */
const WRAPPED_DROPPED = /^AWS SDK error wrapper for .*\b(ECONNRESET|EPIPE)\b/;

/** Whether a failed send is worth repeating: the connection dropped, or S3 asked for a retry. */
export function isRetryableSend(error: unknown): boolean {
  const sdkError = error as {
    name?: string;
    message?: unknown;
    $metadata?: { httpStatusCode?: number };
  } | null;
  const status = sdkError?.$metadata?.httpStatusCode;
  return (
    hasErrorCode(error, ...DROPPED_CODES) ||
    (typeof sdkError?.message === 'string' && WRAPPED_DROPPED.test(sdkError.message)) ||
    RETRYABLE_NAMES.has(sdkError?.name ?? '') ||
    (status !== undefined && status >= 500)
  );
}

/**
 * Sends a request whose body streams from a file, opening the file again for each attempt. The
 * SDK cannot retry such a request (a stream is read once), so without this one dropped
 * connection would fail a whole upload; here it costs sending that request's bytes again.
 * `send` gets the attempt number (1, 2, ...) and must open a fresh body each time.
 */
export async function sendStreamed<T>(
  send: (attempt: number) => Promise<T>,
  retry: StreamedRetry,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(attempt);
    } catch (error) {
      if (retry.signal?.aborted || attempt >= retry.attempts || !isRetryableSend(error))
        throw error;
      retry.onRetry?.(attempt, error);
      await delay(retry.delayMs * 2 ** (attempt - 1), retry.signal);
    }
  }
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
