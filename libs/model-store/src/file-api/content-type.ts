import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.log': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
  '.onnx': 'application/octet-stream',
};

/** The Content-Type a stored file is served with, from its extension; unknown ones as bytes. */
export function contentTypeOf(key: string): string {
  return TYPES[extname(key).toLowerCase()] ?? 'application/octet-stream';
}
