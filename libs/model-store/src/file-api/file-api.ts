import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ModelStore } from '../model-store';
import { checkBearerKey } from './bearer-key';
import { contentTypeOf } from './content-type';
import { listFolder } from './folder-listing';
import { renderIndexPage } from './index-page';
import { receiveUpload, UploadTooLargeError } from './receive-upload';
import { parseRequestPath } from './request-path';

/** Options of {@link createFileApi}. */
export interface FileApiOptions {
  /** Where the files live (S3 or a local directory); keys are the request paths. */
  store: ModelStore;
  /**
   * `FILE_API_KEY`: the bearer key PUT and POST must send. Default: none, and every write is
   * refused (the API is read-only).
   */
  key?: string;
  /** Largest file a write may send; larger ones get 413. Default: 1 GiB. */
  maxBytes?: number;
  /** The path the API is mounted at, e.g. `/files`; requests outside it get 404. Default: `` (the root). */
  basePath?: string;
  /** Where uploads are spooled before they go to the store. Default: the OS temp directory. */
  tempDir?: string;
}

/** A Node `request` listener: usable with `http.createServer` or mounted in another server. */
export type FileApiHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Files, stored once and rarely changed, may still be anything (HTML, SVG): they are shown
 * sandboxed, with no scripts, so a stored file cannot act for the API's origin.
 */
const FILE_HEADERS = {
  'content-security-policy':
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
};
const INDEX_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
};

/**
 * The file API over a model store (the seed's `run-file-api`):
 * - `GET /` and `GET /<folder>/`: an HTML index (Name, Last Modified, Size, Type), or JSON
 *   `{path, entries}` with `Accept: application/json`;
 * - `GET /<file>`: the file, streamed (`.log` as text/plain), or its JSON description;
 * - `PUT` or `POST /<file>` with `Authorization: Bearer <key>`: stores the body, write-once
 *   (201 when new, 200 and untouched when the file exists), streamed to the store through a
 *   temporary file so a cut-off upload leaves nothing; 401 without a key, 403 with a wrong one;
 * - `GET /_/health`: 200 `{status: "ok"}`.
 * Paths that would leave the store get 403.
 */
export function createFileApi(options: FileApiOptions): FileApiHandler {
  const { store } = options;
  const maxBytes = options.maxBytes ?? 1024 ** 3;
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  // Two writes of one path at once: the second waits for the first, then sees the file exists.
  const writing = new Map<string, Promise<unknown>>();

  return async (request, response) => {
    try {
      // The raw path, not a WHATWG URL's: that would resolve "..", so escapes would go unseen.
      let path = (request.url ?? '/').split(/[?#]/)[0];
      if (!path.startsWith('/')) {
        return sendJson(response, 400, {
          error: 'The request target must be a path starting with "/".',
        });
      }
      if (base !== '') {
        if (path !== base && !path.startsWith(`${base}/`))
          return sendJson(response, 404, { error: `Not under ${base}/` });
        path = path.slice(base.length) || '/';
      }
      const target = parseRequestPath(path);
      if (target.kind === 'malformed') return sendJson(response, 400, { error: target.reason });
      const method = request.method ?? 'GET';
      if (target.kind === 'health') {
        if (method !== 'GET' && method !== 'HEAD') return notAllowed(response, 'GET, HEAD');
        return sendJson(response, 200, { status: 'ok' });
      }
      if (method === 'PUT' || method === 'POST') {
        const auth = options.key
          ? checkBearerKey(request.headers.authorization, options.key)
          : ({
              ok: false,
              status: 403,
              message:
                'This file API is read-only: set FILE_API_KEY on the server to allow writes.',
            } as const);
        if (!auth.ok) {
          return sendJson(
            response,
            auth.status,
            { error: auth.message },
            auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {},
          );
        }
        if (target.kind === 'refused')
          return sendJson(response, 403, { error: `Refused: ${target.reason}.` });
        if (target.key === '' || target.trailingSlash) {
          return sendJson(response, 400, {
            error:
              'Write to a file path such as /<target>/<instance>/logs/train.log, not a folder.',
          });
        }
        const key = target.key;
        while (writing.has(key)) await writing.get(key)!.catch(() => undefined);
        const write = storeOnce(request, response, key);
        writing.set(key, write);
        try {
          await write;
        } finally {
          writing.delete(key);
        }
        return;
      }
      if (method !== 'GET' && method !== 'HEAD')
        return notAllowed(response, 'GET, HEAD, PUT, POST');
      if (target.kind === 'refused')
        return sendJson(response, 403, { error: `Refused: ${target.reason}.` });
      return await read(request, response, target.key, target.trailingSlash);
    } catch (error) {
      if (!response.headersSent) {
        sendJson(response, 502, {
          error: `The store at ${store.uri} failed: ${(error as Error).message}`,
        });
      } else response.destroy(error as Error);
    }
  };

  async function read(
    request: IncomingMessage,
    response: ServerResponse,
    key: string,
    folder: boolean,
  ) {
    const wantsJson = /\bapplication\/json\b/.test(request.headers.accept ?? '');
    const object = key !== '' && !folder ? await store.head(key) : undefined;
    if (object) {
      const contentType = contentTypeOf(key);
      if (wantsJson) {
        return sendJson(response, 200, {
          path: `/${key}`,
          type: 'file',
          size: object.size,
          lastModified: object.lastModified?.toISOString(),
          contentType,
        });
      }
      response.writeHead(200, {
        ...FILE_HEADERS,
        'content-type': contentType,
        'content-length': object.size,
        ...(object.lastModified ? { 'last-modified': object.lastModified.toUTCString() } : {}),
      });
      if (request.method === 'HEAD') return void response.end();
      return pipeline(await store.get(key), response);
    }
    const entries = await listFolder(store, key);
    if (entries.length === 0 && key !== '')
      return sendJson(response, 404, { error: `Nothing is stored at /${key}.` });
    if (wantsJson) {
      return sendJson(response, 200, {
        path: `/${key}${key === '' ? '' : '/'}`,
        type: 'folder',
        entries: entries.map((entry) => ({
          ...entry,
          lastModified: entry.lastModified?.toISOString(),
        })),
      });
    }
    const page = renderIndexPage(base, key, entries);
    response.writeHead(200, {
      ...INDEX_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(page),
    });
    response.end(page);
  }

  async function storeOnce(request: IncomingMessage, response: ServerResponse, key: string) {
    const existing = await store.head(key);
    if (existing) {
      return sendJson(response, 200, {
        path: `/${key}`,
        size: existing.size,
        created: false,
      });
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      return sendJson(
        response,
        413,
        { error: new UploadTooLargeError(maxBytes).message },
        { connection: 'close' },
      );
    }
    const folder = await mkdtemp(join(options.tempDir ?? tmpdir(), 'mesh-file-api-'));
    try {
      const spooled = join(folder, 'upload');
      let size: number;
      try {
        size = await receiveUpload(request, spooled, maxBytes);
      } catch (error) {
        if (error instanceof UploadTooLargeError) {
          return sendJson(response, 413, { error: error.message }, { connection: 'close' });
        }
        if (request.destroyed) return;
        throw error;
      }
      try {
        await store.put(key, spooled);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST') {
          return sendJson(response, 409, {
            error: `/${key} clashes with a folder or file of the same name: choose another path.`,
          });
        }
        throw error;
      }
      sendJson(response, 201, { path: `/${key}`, size, created: true });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-content-type-options': 'nosniff',
  });
  response.end(text);
}

function notAllowed(response: ServerResponse, allow: string): void {
  sendJson(response, 405, { error: `Use ${allow} here.` }, { allow });
}
