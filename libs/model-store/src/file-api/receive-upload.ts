import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The request body is larger than the API accepts. */
export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(
      `The file is larger than the ${maxBytes} bytes this file API accepts: raise FILE_API_MAX_BYTES on the server or send a smaller file.`,
    );
    this.name = this.constructor.name;
  }
}

/**
 * Streams a request body into `filePath`, never holding it in memory, and stops with
 * {@link UploadTooLargeError} as soon as more than `maxBytes` have arrived. Returns the size.
 * On failure the caller removes the partial file. The request itself is left open (only
 * unpiped), so the caller can still answer it, e.g. with 413.
 */
export async function receiveUpload(
  request: IncomingMessage,
  filePath: string,
  maxBytes: number,
): Promise<number> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback(size > maxBytes ? new UploadTooLargeError(maxBytes) : null, chunk);
    },
  });
  const aborted = () => {
    if (!request.complete) limit.destroy(new Error('The client closed the upload before its end.'));
  };
  request.once('close', aborted);
  request.pipe(limit);
  try {
    await pipeline(limit, createWriteStream(filePath));
  } finally {
    request.unpipe(limit);
    request.off('close', aborted);
  }
  return size;
}
