import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  detectBackends,
  followLogs,
  JOB_STATUSES,
  JobRequestError,
  type JobRecord,
  type Jobs,
  type LogEntry,
} from '@mesh/jobs';
import { versionReport } from '@mesh/inference';
import { RegistryError, UnknownVersionError, type Registry } from '@mesh/registry';
import { listComponents } from '@mesh/workspace';
import { checkBearer, parseTokens } from './auth';
import { NotReadyError, planTrain } from './plan-train';
import { ErrorView, JobId, JobView, TrainBody } from './schemas';
import type { ApiSettings } from './settings';
import { WEB_PAGE } from './web-page';

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
}

/** A record as the API shows it: everything but which process owns it. */
function view(record: JobRecord, extra: Record<string, unknown> = {}) {
  const shown: Partial<JobRecord> = { ...record };
  delete shown.owner;
  return { ...shown, ...extra };
}

/** The newest lines whose text fits in `maxChars`. */
function fitLog(entries: LogEntry[], maxChars: number): { logs: LogEntry[]; truncated: boolean } {
  let total = 0;
  let start = entries.length;
  while (start > 0 && total + entries[start - 1].line.length <= maxChars)
    total += entries[--start].line.length;
  return { logs: entries.slice(start), truncated: start > 0 };
}

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
 * The Training API: the seed's endpoints (`/health`, `POST /train`, `/jobs`, `/jobs/:id`) and
 * log streaming, cancelling, models, an OpenAPI document and a web page. Mutating endpoints
 * need a bearer token.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { settings, jobs } = options;
  const tokens = parseTokens(settings.MESH_API_TOKENS);
  const app = Fastify({ bodyLimit: settings.BODY_LIMIT_BYTES, logger: false });

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
    (
      error: Error & { statusCode?: number; validation?: never; code?: string },
      _request,
      reply,
    ) => {
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
      _request.log.error(error);
      return reply
        .code(500)
        .send({ statusCode: 500, error: 'Internal Server Error', message: error.message });
    },
  );

  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const result = checkBearer(request.headers.authorization, tokens);
    if (!result.ok) {
      if (result.status === 401) reply.header('www-authenticate', 'Bearer');
      return sendError(reply, result.status, result.message);
    }
  };
  // Before the body is read or validated: an unauthenticated request learns nothing else.
  const guarded = { onRequest: authenticate };
  const security = [{ bearer: [] }];

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(WEB_PAGE),
  );

  app.get(
    '/health',
    { schema: { summary: 'Status and which backends are really usable from here' } },
    async () => ({
      status: 'ok',
      backends: await detectBackends(jobs.settings, options.env),
      defaultBackend: jobs.settings.DEFAULT_TRAINING_BACKEND,
    }),
  );

  app.get('/projects', { schema: { summary: 'The components a job can run' } }, async () =>
    listComponents(options.root).map(({ project, component, name }) => ({
      project,
      component,
      name,
    })),
  );

  app.get(
    '/models',
    { schema: { summary: 'Registered model versions with their metrics' } },
    async () => options.registry.listVersions(),
  );

  app.get(
    '/models/:id/report.html',
    { schema: { summary: "A version's self-contained report (see mesh models report)" } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      try {
        const report = await versionReport(options.registry, id, options.meshHome);
        return reply.type('text/html; charset=utf-8').send(report.html);
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
      ...guarded,
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
      });
      const record = await jobs.runner.submit(spec);
      return reply.code(202).send(view(record, { logTail: [] }));
    },
  );

  app.get(
    '/jobs',
    {
      schema: {
        summary: `Jobs, newest first, each with the tail of its log`,
        querystring: {
          type: 'object',
          properties: {
            project: { type: 'string' },
            status: {
              type: 'string',
              enum: [...JOB_STATUSES],
            },
            limit: { type: 'integer', minimum: 1, maximum: settings.JOBS_LIST_LIMIT },
          },
        },
        response: { 200: { type: 'array', items: JobView } },
      },
    },
    async (request) => {
      const query = request.query as { project?: string; status?: never; limit?: number };
      const records = await jobs.store.list({
        project: query.project,
        status: query.status,
        limit: query.limit ?? settings.JOBS_LIST_LIMIT,
      });
      return Promise.all(
        records.map(async (record) =>
          view(record, {
            logTail:
              settings.LOG_TAIL_LINES > 0
                ? await jobs.store.logs(record.id, { tail: settings.LOG_TAIL_LINES })
                : [],
          }),
        ),
      );
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

  app.post(
    '/jobs/:id/cancel',
    {
      ...guarded,
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
