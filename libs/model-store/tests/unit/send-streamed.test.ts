import { isRetryableSend, sendStreamed } from '../../src/internal/send-streamed';

const dropped = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const s3Error = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('isRetryableSend', () => {
  it('retries a dropped connection and what S3 asks to send again', () => {
    expect(isRetryableSend(dropped)).toBe(true);
    expect(isRetryableSend(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(
      isRetryableSend(new Error('AWS SDK error wrapper for TimeoutError: read ECONNRESET')),
    ).toBe(true);
    expect(isRetryableSend(s3Error('SlowDown', 503))).toBe(true);
    expect(isRetryableSend(s3Error('InternalError', 500))).toBe(true);
  });

  it('does not retry a server it cannot reach, or an answer that will not change', () => {
    expect(isRetryableSend(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      false,
    );
    expect(isRetryableSend(s3Error('AccessDenied', 403))).toBe(false);
    expect(isRetryableSend(s3Error('NoSuchBucket', 404))).toBe(false);
    expect(isRetryableSend(new Error('something else'))).toBe(false);
  });
});

describe('sendStreamed', () => {
  it('sends again, up to the attempts, telling of each retry', async () => {
    const retries: number[] = [];
    const attempts: number[] = [];
    const result = await sendStreamed(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw dropped;
        return 'stored';
      },
      { attempts: 3, delayMs: 0, onRetry: (attempt) => retries.push(attempt) },
    );
    expect(result).toBe('stored');
    expect(attempts).toEqual([1, 2, 3]);
    expect(retries).toEqual([1, 2]);
  });

  it('throws the last failure once the attempts are spent', async () => {
    let sends = 0;
    const failure = sendStreamed(
      async () => {
        sends++;
        throw dropped;
      },
      { attempts: 2, delayMs: 0 },
    );
    await expect(failure).rejects.toBe(dropped);
    expect(sends).toBe(2);
  });

  it('throws a failure that is not retryable at once', async () => {
    const denied = s3Error('AccessDenied', 403);
    let sends = 0;
    const failure = sendStreamed(
      async () => {
        sends++;
        throw denied;
      },
      { attempts: 3, delayMs: 0 },
    );
    await expect(failure).rejects.toBe(denied);
    expect(sends).toBe(1);
  });

  it('stops waiting to retry when cancelled', async () => {
    const controller = new AbortController();
    let sends = 0;
    const failure = sendStreamed(
      async () => {
        sends++;
        throw dropped;
      },
      {
        attempts: 3,
        delayMs: 60_000,
        signal: controller.signal,
        onRetry: () => controller.abort(),
      },
    );
    await expect(failure).rejects.toMatchObject({ name: 'AbortError' });
    expect(sends).toBe(1);
  });
});
