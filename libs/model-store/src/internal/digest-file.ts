import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { READ_CHUNK_BYTES } from './read-chunk';

/** The hex sha256 and size of a file, streamed. */
export async function digestFile(
  path: string,
  signal: AbortSignal | undefined,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path, { signal, highWaterMark: READ_CHUNK_BYTES })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
  return { sha256: hash.digest('hex'), size };
}
