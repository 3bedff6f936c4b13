import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError, openUri, type OpenUriOptions } from '@mesh/data';

/** An opened data URI: its decompressed bytes, and the digest and size of the stored bytes once read. */
export interface ByteSource {
  content: Readable;
  location: string;
  size?: number;
  /** Whether the stored bytes are gzip (by the name, `.gz` / `.tgz`). */
  gzip: boolean;
  /** Digest and stored size; complete once `content` has ended. */
  stored(): { digest: string; bytes: number };
}

/**
 * Opens a path or URL and decompresses `.gz`/`.tgz`, hashing the stored bytes as they pass. A
 * truncated or corrupt gzip stream fails with a {@link DataError} naming the URI.
 */
export async function openSource(uri: string, options: OpenUriOptions): Promise<ByteSource> {
  const opened = await openUri(uri, options);
  const gzip = opened.gzip || /\.tgz($|\?)/.test(uri);
  const hash = createHash('sha256');
  let bytes = 0;
  opened.raw.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const content = new PassThrough({ highWaterMark: 1 << 20 });
  opened.raw.on('error', (error) =>
    content.destroy(
      new DataError(`could not be read (${error.message})`, uri, undefined, { cause: error }),
    ),
  );
  if (gzip) {
    const gunzip = createGunzip();
    gunzip.on('error', (error) =>
      content.destroy(
        new DataError(
          `is not a complete gzip file (${error.message}): download it again or decompress it to check`,
          uri,
          undefined,
          { cause: error },
        ),
      ),
    );
    opened.raw.pipe(gunzip).pipe(content);
  } else {
    opened.raw.pipe(content);
  }
  let digest: string | undefined;
  return {
    content,
    location: opened.location,
    size: opened.size,
    gzip,
    stored: () => {
      digest ??= `sha256:${hash.digest('hex')}`;
      return { digest, bytes };
    },
  };
}
