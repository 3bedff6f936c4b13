import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { DataError } from './data-error';
import { contentOf, openUri, type OpenUriOptions } from './open-uri';

/** Options for {@link readJsonLines}. */
export interface ReadJsonLinesOptions<T> extends OpenUriOptions {
  /**
   * Checks one parsed record and returns it typed, or throws an Error whose message says what
   * is wrong; the message is reported with the URI and line number.
   */
  validate: (value: unknown) => T;
  /** Called after each record, with the number of records and bytes read so far. */
  onProgress?: (records: number, bytes: number, totalBytes?: number) => void;
}

/** Every record of a JSONL file, with the digest of the bytes as stored. */
export interface JsonLinesResult<T> {
  records: T[];
  /** `sha256:<hex>` of the stored bytes (before decompression). */
  digest: string;
  /** Stored size in bytes. */
  bytes: number;
  location: string;
}

/**
 * Streams a JSON Lines file (optionally `.gz`) from a path or URL, parsing and validating each
 * line as it arrives. Blank lines are skipped. The first invalid line fails the read with a
 * {@link DataError} naming the URI and line; a file with no records fails too.
 */
export async function readJsonLines<T>(
  uri: string,
  options: ReadJsonLinesOptions<T>,
): Promise<JsonLinesResult<T>> {
  const opened = await openUri(uri, options);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new PassThrough();
  opened.raw.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  opened.raw.on('error', (error) => tap.destroy(error));
  const content = contentOf(opened);
  content.on('error', (error) => tap.destroy(error));
  content.pipe(tap);

  const records: T[] = [];
  let line = 0;
  const lines = createInterface({ input: tap, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new DataError(`not valid JSON (${(error as Error).message})`, uri, line);
      }
      try {
        records.push(options.validate(value));
      } catch (error) {
        throw new DataError((error as Error).message, uri, line);
      }
      options.onProgress?.(records.length, bytes, opened.size);
    }
  } catch (error) {
    opened.raw.destroy();
    if (error instanceof DataError) throw error;
    throw new DataError(`could not be read (${(error as Error).message})`, uri, undefined, {
      cause: error,
    });
  }
  if (records.length === 0) throw new DataError('contains no records', uri);
  return { records, digest: `sha256:${hash.digest('hex')}`, bytes, location: opened.location };
}
