import { AbortMultipartUploadCommand, type S3Client } from '@aws-sdk/client-s3';

type Send = (command: object, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;

/**
 * The requests of one upload, sent through {@link UploadRequests.client}, a view of an S3Client
 * for `Upload` from lib-storage:
 *
 * - requests that send data (PutObject, CreateMultipartUpload, UploadPart,
 *   CompleteMultipartUpload) carry the caller's signal, so a cancel stops them mid-flight and
 *   no part is completed afterwards; AbortMultipartUpload does not, so cleanup still runs;
 * - the first failure of a data request is kept, because lib-storage reports the failure of
 *   its cleanup instead when that fails too;
 * - multipart uploads that were aborted are recorded, so the caller aborts only those left.
 */
export class UploadRequests {
  readonly client: S3Client;
  /** The first failure of a data request, if any. */
  firstFailure: unknown;
  private readonly aborted = new Set<string>();

  constructor(client: S3Client, signal: AbortSignal | undefined) {
    const send = client.send.bind(client) as unknown as Send;
    const tracked: Send = async (command, options) => {
      const cleanup = command instanceof AbortMultipartUploadCommand;
      try {
        const output = await send(
          command,
          cleanup || !signal ? options : { ...options, abortSignal: signal },
        );
        if (cleanup && command.input.UploadId) this.aborted.add(command.input.UploadId);
        return output;
      } catch (error) {
        if (!cleanup && this.firstFailure === undefined) this.firstFailure = error;
        throw error;
      }
    };
    this.client = new Proxy(client, {
      get: (target, property) =>
        property === 'send' ? tracked : Reflect.get(target, property, target),
    });
  }

  /** Whether the multipart upload `uploadId` was aborted through {@link client}. */
  wasAborted(uploadId: string): boolean {
    return this.aborted.has(uploadId);
  }
}
