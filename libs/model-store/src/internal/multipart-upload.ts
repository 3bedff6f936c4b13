import { createReadStream } from 'node:fs';
import type { CompletedPart, S3Client } from '@aws-sdk/client-s3';
import { withoutSdkWarnings } from './quiet-warnings';
import { UPLOAD_READ_BYTES } from './read-chunk';
import { sendStreamed } from './send-streamed';
import { s3Sdk } from './s3-sdk';

/** What {@link uploadMultipart} uploads, and how. */
export interface MultipartUploadInput {
  client: S3Client;
  bucket: string;
  key: string;
  filePath: string;
  /** The file's size in bytes. */
  size: number;
  /** Bytes of every part but the last. */
  partSize: number;
  /** Parts sent at once. */
  queueSize: number;
  /** Sends of one part at most, each from a fresh read of its range, and the wait between. */
  retry: {
    attempts: number;
    delayMs: number;
    onRetry?: (partNumber: number, attempt: number, error: unknown) => void;
  };
  metadata?: Record<string, string>;
  signal?: AbortSignal;
  /** Called as each part is stored, with the bytes stored so far. */
  onPartStored?: (loaded: number) => void;
}

/** A failed {@link uploadMultipart}, with the upload to abort when one was created. */
export class MultipartUploadError extends Error {
  constructor(
    readonly uploadId: string | undefined,
    options: { cause: unknown },
  ) {
    super('multipart upload failed', options);
    this.name = this.constructor.name;
  }
}

/**
 * Uploads a file in parts, each streamed from its byte range of the file: no part is buffered
 * in memory or hashed by the client (the payload is sent unsigned), so the bytes are read once,
 * by the request that sends them (again only for a part sent again, see `retry`). The first failure stops the parts still in flight and is
 * thrown as {@link MultipartUploadError} carrying the upload's id, for the caller to abort it.
 */
export async function uploadMultipart(input: MultipartUploadInput): Promise<void> {
  const { client, bucket, key, size, partSize } = input;
  // Stops every part once one fails, or when the caller cancels.
  const stop = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, stop.signal]) : stop.signal;
  let uploadId: string | undefined;
  try {
    ({ UploadId: uploadId } = await client.send(
      new (s3Sdk().CreateMultipartUploadCommand)({
        Bucket: bucket,
        Key: key,
        Metadata: input.metadata,
      }),
      { abortSignal: signal },
    ));
    if (!uploadId) throw new Error(`S3 returned no upload id for s3://${bucket}/${key}`);
    const id = uploadId;
    const count = Math.ceil(size / partSize);
    const parts: CompletedPart[] = new Array(count);
    let next = 0;
    let loaded = 0;
    const sendParts = async () => {
      while (next < count && !signal.aborted) {
        const index = next++;
        const start = index * partSize;
        const length = Math.min(partSize, size - start);
        const { ETag } = await sendStreamed(
          async () => {
            const body = createReadStream(input.filePath, {
              start,
              end: start + length - 1,
              highWaterMark: UPLOAD_READ_BYTES,
            });
            try {
              return await client.send(
                withoutSdkWarnings(
                  new (s3Sdk().UploadPartCommand)({
                    Bucket: bucket,
                    Key: key,
                    UploadId: id,
                    PartNumber: index + 1,
                    Body: body,
                    ContentLength: length,
                  }),
                ),
                { abortSignal: signal },
              );
            } finally {
              body.destroy();
            }
          },
          {
            attempts: input.retry.attempts,
            delayMs: input.retry.delayMs,
            signal,
            onRetry: (attempt, error) => input.retry.onRetry?.(index + 1, attempt, error),
          },
        );
        parts[index] = { PartNumber: index + 1, ETag };
        loaded += length;
        input.onPartStored?.(loaded);
      }
    };
    const senders = Array.from({ length: Math.min(input.queueSize, count) }, () =>
      sendParts().catch((error: unknown) => {
        stop.abort(error);
        throw error;
      }),
    );
    const outcomes = await Promise.allSettled(senders);
    // The first failure is the cause; the others are parts it stopped.
    if (stop.signal.aborted) throw stop.signal.reason;
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    signal.throwIfAborted();
    await client.send(
      new (s3Sdk().CompleteMultipartUploadCommand)({
        Bucket: bucket,
        Key: key,
        UploadId: id,
        MultipartUpload: { Parts: parts },
      }),
      { abortSignal: signal },
    );
  } catch (error) {
    throw new MultipartUploadError(uploadId, { cause: error });
  }
}
