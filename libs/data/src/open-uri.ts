import { createReadStream, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { DataError } from './data-error';

/** Options for {@link openUri}. */
export interface OpenUriOptions {
  /** Base for relative paths. Default: `process.cwd()`. */
  cwd?: string;
  /** Fetch implementation for http(s). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Abort a remote read that has not answered after this many ms. Default: 30000. */
  timeoutMs?: number;
}

/** An open byte stream and what is known of it before reading. */
export interface OpenedUri {
  /** The bytes as stored (still compressed if `.gz`). */
  raw: Readable;
  /** Whether the content is gzip-compressed, by its name. */
  gzip: boolean;
  /** Size in bytes when the source says so. */
  size?: number;
  /** The resolved location: an absolute path or the URL. */
  location: string;
}

const SUPPORTED = 'a path (relative to the component folder), a file:// URL or an http(s):// URL';

/**
 * Opens a data URI for streaming: a plain path (absolute or relative to `cwd`), a `file://`
 * URL, or an `http(s)://` URL. Fails with a {@link DataError} naming the URI when the file is
 * missing or empty, the server answers with an error, or the scheme is not supported.
 */
export async function openUri(uri: string, options: OpenUriOptions = {}): Promise<OpenedUri> {
  const gzip = /\.gz($|\?)/.test(uri);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();

  if (scheme === 'http' || scheme === 'https') {
    const fetchImpl = options.fetch ?? fetch;
    let response: Response;
    try {
      response = await fetchImpl(uri, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    } catch (error) {
      throw new DataError(`could not be fetched (${(error as Error).message})`, uri, undefined, {
        cause: error,
      });
    }
    if (!response.ok || !response.body) {
      throw new DataError(
        `the server answered ${response.status} ${response.statusText}`.trim(),
        uri,
      );
    }
    const length = Number(response.headers.get('content-length'));
    return {
      raw: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      gzip,
      size: Number.isFinite(length) && response.headers.has('content-length') ? length : undefined,
      location: uri,
    };
  }

  if (scheme !== undefined && scheme !== 'file') {
    throw new DataError(`unsupported scheme "${scheme}://": use ${SUPPORTED}`, uri);
  }
  const path = scheme === 'file' ? fileURLToPath(uri) : uri;
  const absolute = isAbsolute(path) ? path : resolve(options.cwd ?? process.cwd(), path);
  let size: number;
  try {
    const stats = statSync(absolute);
    if (!stats.isFile()) throw new DataError(`${absolute} is not a file`, uri);
    size = stats.size;
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`no such file (looked for ${absolute}); use ${SUPPORTED}`, uri, undefined, {
      cause: error,
    });
  }
  if (size === 0) throw new DataError('the file is empty', uri);
  return { raw: createReadStream(absolute), gzip, size, location: absolute };
}

/** The decompressed content stream of an opened URI. */
export function contentOf(opened: OpenedUri): Readable {
  return opened.gzip ? opened.raw.pipe(createGunzip()) : opened.raw;
}
