import type { Readable } from 'node:stream';
import { DataError } from '@mesh/data';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; the error names the file (and line, when given) and the fix. */
export function decodeUtf8(bytes: Uint8Array, uri: string, line?: number): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new DataError(
      'is not valid UTF-8: convert the file to UTF-8 (e.g. iconv -t UTF-8)',
      uri,
      line,
    );
  }
}

/**
 * The lines of a byte stream with their 1-based numbers, each decoded strictly as UTF-8
 * (a byte-order mark and `\r` line ends removed). Splits on bytes, so an invalid byte is
 * reported on its own line.
 */
export async function* readLines(
  content: Readable,
  uri: string,
): AsyncGenerator<{ line: number; text: string }> {
  let pending: Buffer[] = [];
  let line = 0;
  const emit = (bytes: Buffer) => {
    line++;
    let text = decodeUtf8(bytes, uri, line);
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return { line, text };
  };
  for await (const chunk of content as AsyncIterable<Buffer>) {
    let start = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, at));
      yield emit(pending.length === 1 ? pending[0] : Buffer.concat(pending));
      pending = [];
      start = at + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield emit(Buffer.concat(pending));
}
