import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  collectSecrets,
  detectBackends,
  SecretScrubber,
  followLogs,
  JobRequestError,
  manifestYaml,
  type JobRecord,
  type JobStatus,
  type Jobs,
  type LogEntry,
} from '@mesh/jobs';
import { RegistryError, UnknownVersionError, type Registry } from '@mesh/registry';
import { listComponents } from '@mesh/workspace';
import { checkBearer, parseTokens } from './auth';
import { checkBodyLimits } from './body-limits';
import { deferredCompilers } from './deferred-compilers';
import { NotReadyError, planTrain } from './plan-train';
import { ReportLinks } from './report-links';
import { ErrorView, JobId, JobsQuery, JobView, TrainBody, type JobsQueryType } from './schemas';
import type { ApiSettings } from './settings';
import { WEB_PAGE, WEB_PAGE_HEADERS } from './web-page';

/** What the app is built from; everything external is passed in. */
export interface AppOptions {
  root: string;
  meshHome: string;
  settings: ApiSettings;
  jobs: Jobs;
  registry: Registry;
  /** The service's environment: registry variables and IMAGE_TAG passed to component jobs. */
  env: NodeJS.ProcessEnv;
  gitSha?: string;
  /** Other services served under a path of the API, e.g. the file API at `/files`. Default: none. */
  mounts?: readonly Mount[];
}

/**
 * A Node request listener served under `path` (every method, the body left unread for it to
 * stream). Reads need what the API's other reads need (a token, or MESH_API_PUBLIC_READS);
 * writes are left to the mounted service's own key.
 */
export interface Mount {
  /** e.g. `/files`: the service answers `/files` and everything below it. */
  path: string;
  handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

/** A record as the API shows it: everything but which process owns it. */
function view(record: JobRecord, extra: Record<string, unknown> = {}) {
  const shown: Partial<JobRecord> = { ...record };
  delete shown.owner;
  return { ...shown, ...extra };
}

/** The host name of a Host header, lowercase, without the port (`[::1]:4000` → `::1`). */
function hostName(header: string | undefined): string {
  const value = (header ?? '').trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\]/.exec(value);
  if (bracketed) return bracketed[1];
  return value.replace(/:\d+$/, '');
}

/** The newest lines whose text fits in `maxChars`. */
function fitLog(entries: LogEntry[], maxChars: number): { logs: LogEntry[]; truncated: boolean } {
  let total = 0;
  let start = entries.length;
  while (start > 0 && total + entries[start - 1].line.length <= maxChars)
    total += entries[--start].line.length;
  return { logs: entries.slice(start), truncated: start > 0 };
}

const REPORT_PATH = /^\/models\/([^/]+)\/report\.html$/;

/** A report is self-contained: inline SVG and CSS, no script, nothing fetched. */
const REPORT_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
};

function sendError(
  reply: FastifyReply,
  statusCode: number,
  message: string,
  extra: { field?: string; accepted?: readonly string[] } = {},
) {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
  };
  return reply.code(statusCode).send({
    statusCode,
    error: names[statusCode] ?? 'Error',
    message,
    ...(extra.field ? { field: extra.field } : {}),
    ...(extra.accepted ? { accepted: [...extra.accepted] } : {}),
  });
}

/** A validation error of the schema as one message naming the field and the accepted values. */
function describeValidation(error: {
  validation?: Array<{
    instancePath: string;
    keyword: string;
    message?: string;
    params: Record<string, unknown>;
  }>;
  validationContext?: string;
}): { message: string; field: string; accepted?: string[] } {
  const first = error.validation![0];
  let field = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (first.keyword === 'required')
    field = [field, first.params.missingProperty].filter(Boolean).join('.');
  if (first.keyword === 'additionalProperties') {
    field = [field, first.params.additionalProperty].filter(Boolean).join('.');
    return { message: `${field}: is not a parameter of this endpoint (see /openapi.json)`, field };
  }
  const union = error.validation!.filter((item) => item.instancePath === first.instancePath);
  const accepted = union
    .map((item) => item.params.allowedValue ?? item.params.allowedValues)
    .flat()
    .filter((value): value is string => typeof value === 'string');
  const message =
    accepted.length > 0
      ? `${field}: must be one of the accepted values (accepted: ${accepted.join(', ')})`
      : `${field || error.validationContext || 'body'}: ${first.message ?? 'is invalid'}`;
  return { message, field: field || 'body', ...(accepted.length > 0 ? { accepted } : {}) };
}

/**
 * Writes a 5xx to the service's stderr as one JSON line with the request id (also in the
 * response), method, path without its query, and the stack, scrubbed of the request's secrets.
 */
function logServerError(request: FastifyRequest, error: Error, scrub: (text: string) => string) {
  process.stderr.write(
    `${JSON.stringify({
      level: 'error',
      time: new Date().toISOString(),
      requestId: request.id,
      method: request.method,
      path: request.url.split('?')[0],
      message: scrub(error.message),
      stack: scrub(error.stack ?? ''),
    })}\n`,
  );
}

/**
 * The Training API: the seed's endpoints (`/health`, `POST /train`, `/jobs`, `/jobs/:id`) and
 * log streaming, cancelling, models, an OpenAPI document and a web page. Mutating endpoints
 * need a bearer token.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { settings, jobs } = options;
  const tokens = parseTokens(settings.MESH_API_TOKENS);
  const app = Fastify({
    bodyLimit: settings.BODY_LIMIT_BYTES,
    logger: false,
    genReqId: () => randomUUID(),
    // An unknown query parameter (offset, page, ...) is a 400, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // Schemas compile on each route's first request: the first answer comes sooner after a start.
    schemaController: { compilersFactory: deferredCompilers() },
  });
  // Each request's secret values, collected once from its body: every error message is scrubbed of them.
  const scrubbers = new WeakMap<FastifyRequest, SecretScrubber>();
  app.addHook('preValidation', async (request) => {
    if (request.body && typeof request.body === 'object') {
      checkBodyLimits(request.body, {
        maxDepth: settings.MAX_BODY_DEPTH,
        maxKeys: settings.MAX_BODY_KEYS,
      });
      scrubbers.set(request, new SecretScrubber(collectSecrets(request.body)));
    }
  });
  const scrub = (request: FastifyRequest, text: string) =>
    (scrubbers.get(request) ?? new SecretScrubber()).scrub(text);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'mesh Training API',
        version: '1.0.0',
        description:
          'Launches and tracks training jobs on local processes, Docker, Kubernetes and Vertex AI.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
  });

  // `curl -d '{...}'` labels its JSON as a form: read such bodies (and text/plain) as JSON too.
  app.addContentTypeParser(
    ['application/x-www-form-urlencoded', 'text/plain'],
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(
          Object.assign(
            new Error('The body is not JSON: send a JSON object (Content-Type: application/json).'),
            { statusCode: 400 },
          ),
          undefined,
        );
      }
    },
  );

  app.setErrorHandler(
    (error: Error & { statusCode?: number; validation?: never; code?: string }, request, reply) => {
      error.message = scrub(request, error.message);
      if (error.validation) {
        const { message, field, accepted } = describeValidation(error);
        return sendError(reply, 400, message, { field, accepted });
      }
      if (error instanceof JobRequestError)
        return sendError(reply, 400, error.message, {
          field: error.field,
          accepted: error.accepted,
        });
      if (error instanceof NotReadyError) return sendError(reply, 409, error.message);
      if (error.statusCode === 413)
        return sendError(
          reply,
          413,
          `The body is larger than BODY_LIMIT_BYTES (${settings.BODY_LIMIT_BYTES} bytes).`,
        );
      if (error.statusCode && error.statusCode < 500)
        return sendError(reply, error.statusCode, error.message);
      logServerError(request, error, (text) => scrub(request, text));
      return reply.code(500).send({
        statusCode: 500,
        error: 'Internal Server Error',
        message: `${error.message} (request ${request.id})`,
        requestId: request.id,
      });
    },
  );

  const mounts = options.mounts ?? [];
  const allowedHosts = new Set(parseTokens(settings.MESH_API_ALLOWED_HOSTS.toLowerCase()));
  if (!['0.0.0.0', '::', ''].includes(settings.HOST)) allowedHosts.add(settings.HOST.toLowerCase());
  const corsOrigins = new Set(parseTokens(settings.MESH_API_CORS_ORIGINS));
  const reportLinks = new ReportLinks();
  const authorised = (request: FastifyRequest) =>
    checkBearer(request.headers.authorization, tokens).ok;
  // Every request, before its body is read: the Host allow-list, CORS (only for configured
  // origins), then the token on every route but /health and the page's shell (which holds no data).
  app.addHook('onRequest', async (request, reply) => {
    const host = hostName(request.headers.host);
    if (!allowedHosts.has('*') && !allowedHosts.has(host))
      return sendError(
        reply,
        403,
        `Host "${host}" is not allowed: add it to MESH_API_ALLOWED_HOSTS on the service (now ${[...allowedHosts].join(', ')}).`,
      );
    const origin = request.headers.origin;
    if (origin && corsOrigins.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      reply.header('access-control-expose-headers', 'x-next-cursor, link');
      if (request.method === 'OPTIONS') {
        reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
        reply.header('access-control-allow-headers', 'authorization, content-type, last-event-id');
        reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      }
    }
    const [path, query = ''] = request.url.split('?');
    if (path === '/health' || path === '/') return;
    const mounted = mounts.some(
      (mount) => path === mount.path || path.startsWith(`${mount.path}/`),
    );
    if (mounted && request.method !== 'GET' && request.method !== 'HEAD') return;
    // A one-time link to a report, issued to an authorised client (see POST /models/:id/report-link).
    const report = REPORT_PATH.exec(path);
    if (
      report &&
      request.method === 'GET' &&
      reportLinks.redeem(
        decodeURIComponent(report[1]),
        new URLSearchParams(query).get('ticket') ?? undefined,
      )
    )
      return;
    if (settings.MESH_API_PUBLIC_READS && (request.method === 'GET' || request.method === 'HEAD'))
      return;
    const result = checkBearer(request.headers.authorization, tokens);
    if (!result.ok) {
      if (result.status === 401) reply.header('www-authenticate', 'Bearer');
      return sendError(reply, result.status, result.message);
    }
  });
  const security = [{ bearer: [] }];

  for (const mount of mounts) {
    await app.register(async (scope) => {
      // The mounted service streams the body itself: nothing is parsed or buffered here.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      const handle = async (request: FastifyRequest, reply: FastifyReply) => {
        reply.hijack();
        await mount.handler(request.raw, reply.raw);
      };
      const schema = { hide: true };
      scope.route({
        method: ['GET', 'HEAD', 'PUT', 'POST'],
        url: mount.path,
        schema,
        handler: handle,
      });
      scope.route({
        method: ['GET', 'HEAD', 'PUT', 'POST'],
        url: `${mount.path}/*`,
        schema,
        handler: handle,
      });
    });
  }

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.headers(WEB_PAGE_HEADERS).type('text/html; charset=utf-8').send(WEB_PAGE),
  );

  app.get(
    '/health',
    {
      schema: {
        summary:
          'Liveness for anyone; with a token, also which backends are really usable from here',
      },
    },
    async (request) =>
      authorised(request) || settings.MESH_API_PUBLIC_READS
        ? {
            status: 'ok',
            backends: await detectBackends(jobs.settings, options.env),
            defaultBackend: jobs.settings.DEFAULT_TRAINING_BACKEND,
          }
        : { status: 'ok' },
  );

  app.get(
    '/projects',
    { schema: { summary: 'The components a job can run', security } },
    async () =>
      listComponents(options.root).map(({ project, component, name }) => ({
        project,
        component,
        name,
      })),
  );

  app.get(
    '/models',
    { schema: { summary: 'Registered model versions with their metrics', security } },
    async () => options.registry.listVersions(),
  );

  app.post(
    '/models/:id/report-link',
    {
      schema: {
        summary:
          "A one-time link (valid for a minute) that opens a version's report.html without the token, for a browser to follow",
        security,
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      try {
        await options.registry.getVersion(id);
      } catch (error) {
        if (error instanceof UnknownVersionError || error instanceof RegistryError)
          return reply.code(404).send({ error: (error as Error).message });
        throw error;
      }
      return { url: reportLinks.issue(id) };
    },
  );

  app.get(
    '/models/:id/report.html',
    { schema: { summary: "A version's self-contained report (see mesh models report)" } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      try {
        // Loaded on the first report, not at start: it brings the predictor and plot renderers.
        const { versionReport } = await import('@mesh/inference');
        const report = await versionReport(options.registry, id, options.meshHome);
        return reply.headers(REPORT_HEADERS).type('text/html; charset=utf-8').send(report.html);
      } catch (error) {
        if (error instanceof UnknownVersionError || error instanceof RegistryError)
          return reply.code(404).send({ error: (error as Error).message });
        throw error;
      }
    },
  );

  app.post(
    '/train',
    {
      schema: {
        summary: 'Launch a training job (202 with the queued job)',
        security,
        body: TrainBody,
        response: {
          202: JobView,
          400: ErrorView,
          401: ErrorView,
          403: ErrorView,
          409: ErrorView,
          413: ErrorView,
        },
      },
    },
    async (request, reply) => {
      const spec = planTrain(request.body as Record<string, unknown>, {
        root: options.root,
        meshHome: options.meshHome,
        jobs: jobs.settings,
        env: options.env,
        gitSha: options.gitSha,
        maxFlags: settings.MAX_FLAGS,
      });
      const record = await jobs.runner.submit(spec);
      return reply.code(202).send(view(record, { logTail: [] }));
    },
  );

  app.get(
    '/jobs',
    {
      schema: {
        summary: `Jobs, newest first, each with the tail of its log; page with cursor`,
        description:
          'Keyset pages: the response header `X-Next-Cursor` (and `Link: <...>; rel="next"`) holds the cursor of the next, older page; it is absent on the last page. Every filter is backed by an index.',
        security,
        querystring: JobsQuery,
        response: {
          200: {
            type: 'array',
            items: JobView,
            headers: {
              'x-next-cursor': { type: 'string', description: 'Cursor of the next page' },
              link: { type: 'string', description: 'RFC 8288 link to the next page' },
            },
          },
          400: ErrorView,
        },
      },
    },
    async (request, reply) => {
      const query = request.query as JobsQueryType;
      const page = await jobs.store.page({
        project: query.project,
        status: query.status as JobStatus | undefined,
        backend: query.backend,
        createdFrom: query.created_from && new Date(query.created_from).toISOString(),
        createdTo: query.created_to && new Date(query.created_to).toISOString(),
        cursor: query.cursor,
        limit: query.limit ?? settings.JOBS_LIST_LIMIT,
      });
      if (page.nextCursor) {
        const next = new URLSearchParams(
          Object.entries({ ...query, cursor: page.nextCursor }).map(
            ([name, value]): [string, string] => [name, String(value)],
          ),
        );
        reply.header('x-next-cursor', page.nextCursor);
        reply.header('link', `</jobs?${next.toString()}>; rel="next"`);
      }
      const tails = await jobs.store.tails(
        page.jobs.map((record) => record.id),
        settings.LOG_TAIL_LINES,
      );
      return page.jobs.map((record) => view(record, { logTail: tails.get(record.id) ?? [] }));
    },
  );

  const found = async (id: string, reply: FastifyReply) => {
    const record = await jobs.store.get(id);
    if (!record) sendError(reply, 404, `No job with id "${id}".`, { field: 'id' });
    return record;
  };

  app.get(
    '/jobs/:id',
    {
      schema: {
        summary: 'A job with its full log timeline',
        security,
        params: JobId,
        response: { 200: JobView, 404: ErrorView },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const record = await found(id, reply);
      if (!record) return reply;
      const { logs, truncated } = fitLog(await jobs.store.logs(id), settings.MAX_LOG_CHARS);
      return view(record, { logs, logsTruncated: truncated });
    },
  );

  app.get(
    '/jobs/:id/logs',
    {
      schema: {
        summary: "A job's log; with follow=true, server-sent events until the job ends",
        security,
        params: JobId,
        querystring: {
          type: 'object',
          properties: { follow: { type: 'boolean' }, after: { type: 'integer', minimum: 0 } },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const query = request.query as { follow?: boolean; after?: number };
      const record = await found(id, reply);
      if (!record) return reply;
      const lastEventId = Number(request.headers['last-event-id']);
      const after = Number.isInteger(lastEventId) ? lastEventId : (query.after ?? 0);
      if (!query.follow) return jobs.store.logs(id, { afterSeq: after });
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      const closed = new AbortController();
      request.raw.on('close', () => closed.abort());
      const final = await followLogs(
        jobs.store,
        id,
        (entry) => raw.write(`id: ${entry.seq}\nevent: log\ndata: ${JSON.stringify(entry)}\n\n`),
        { afterSeq: after, signal: closed.signal, pollMs: 200 },
      );
      if (!closed.signal.aborted && final)
        raw.write(`event: end\ndata: ${JSON.stringify({ status: final.status })}\n\n`);
      raw.end();
    },
  );

  app.get(
    '/jobs/:id/manifest',
    {
      schema: {
        summary: 'The Kubernetes manifest or Vertex spec the job submitted (format=yaml for YAML)',
        security,
        params: JobId,
        querystring: {
          type: 'object',
          properties: { format: { type: 'string', enum: ['json', 'yaml'] } },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { format } = request.query as { format?: 'json' | 'yaml' };
      if (!(await found(id, reply))) return reply;
      const manifest = await jobs.store.manifest(id);
      if (!manifest)
        return sendError(
          reply,
          404,
          `Job "${id}" has no manifest (only Kubernetes and Vertex jobs do).`,
        );
      if (format === 'yaml')
        return reply.type('application/yaml; charset=utf-8').send(manifestYaml(manifest));
      return manifest;
    },
  );

  app.post(
    '/jobs/:id/cancel',
    {
      schema: {
        summary: 'Cancel a job wherever it runs',
        security,
        params: JobId,
        response: { 200: JobView, 401: ErrorView, 403: ErrorView, 404: ErrorView },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await found(id, reply))) return reply;
      return view(await jobs.runner.cancel(id));
    },
  );

  return app;
}
