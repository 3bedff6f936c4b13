import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { deferredCompilers } from '../../src/deferred-compilers';

// Fastify's own compilers, from beside Fastify.
const fromFastify = createRequire(require.resolve('fastify'));

/** A route with every kind of schema Fastify compiles: querystring, params, body, response. */
function appWith(options: FastifyServerOptions): FastifyInstance {
  const app = Fastify({ ...options, ajv: { customOptions: { removeAdditional: false } } });
  app.post(
    '/items/:id',
    {
      schema: {
        params: {
          type: 'object',
          properties: { id: { type: 'integer', minimum: 1 } },
          required: ['id'],
        },
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', default: 10 } },
          additionalProperties: false,
        },
        body: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1 } },
          required: ['name'],
        },
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              name: { type: 'string' },
              limit: { type: 'integer' },
            },
          },
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const { limit } = request.query as { limit: number };
      const { name } = request.body as { name: string };
      // `hidden` is not in the response schema: the serializer leaves it out.
      return { id, name, limit, hidden: 'not serialised' };
    },
  );
  return app;
}

const requests = [
  { url: '/items/7?limit=3', payload: { name: 'a' } },
  { url: '/items/7', payload: { name: 'a' } },
  { url: '/items/0', payload: { name: 'a' } },
  { url: '/items/x', payload: { name: 'a' } },
  { url: '/items/7?offset=2', payload: { name: 'a' } },
  { url: '/items/7', payload: { name: '' } },
  { url: '/items/7', payload: {} },
];

describe('deferredCompilers', () => {
  it('compiles nothing at start-up, then each schema once, on its first request', async () => {
    const loaded = { validator: 0, serializer: 0, validators: 0, serializers: 0 };
    const app = appWith({
      schemaController: {
        compilersFactory: deferredCompilers({
          validator: () => {
            loaded.validator++;
            const build = fromFastify('@fastify/ajv-compiler')();
            return ((...args: unknown[]) => {
              const compile = build(...args);
              return (route: unknown) => (loaded.validators++, compile(route));
            }) as never;
          },
          serializer: () => {
            loaded.serializer++;
            const build = fromFastify('@fastify/fast-json-stringify-compiler').SerializerSelector();
            return ((...args: unknown[]) => {
              const compile = build(...args);
              return (route: unknown) => (loaded.serializers++, compile(route));
            }) as never;
          },
        }),
      },
    });
    await app.ready();
    expect(loaded).toEqual({ validator: 0, serializer: 0, validators: 0, serializers: 0 });

    const first = await app.inject({ method: 'POST', ...requests[0] });
    expect(first.json()).toEqual({ id: 7, name: 'a', limit: 3 });
    // params, querystring and body; the 200 response.
    expect(loaded).toEqual({ validator: 1, serializer: 1, validators: 3, serializers: 1 });
    for (const request of requests) await app.inject({ method: 'POST', ...request });
    expect(loaded).toEqual({ validator: 1, serializer: 1, validators: 3, serializers: 1 });
    await app.close();
  });

  it("answers every request as Fastify's own compilers do", async () => {
    const deferred = appWith({ schemaController: { compilersFactory: deferredCompilers() } });
    const eager = appWith({});
    for (const request of requests) {
      const [got, expected] = await Promise.all(
        [deferred, eager].map((app) => app.inject({ method: 'POST', ...request })),
      );
      expect({ url: request.url, status: got.statusCode, body: got.json() }).toEqual({
        url: request.url,
        status: expected.statusCode,
        body: expected.json(),
      });
    }
    // Coercion and defaults applied, validation errors reported.
    expect((await deferred.inject({ method: 'POST', ...requests[1] })).json()).toEqual({
      id: 7,
      name: 'a',
      limit: 10,
    });
    expect((await deferred.inject({ method: 'POST', ...requests[2] })).statusCode).toBe(400);
    await Promise.all([deferred.close(), eager.close()]);
  });
});
