import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
type Validator = ReturnType<ReturnType<ValidatorFactory>>;
type Serializer = ReturnType<ReturnType<SerializerFactory>>;

/** Where {@link deferredCompilers} gets Fastify's own compiler factories. */
export interface CompilerSources {
  /** Default: `@fastify/ajv-compiler`, the one Fastify uses, loaded from beside Fastify. */
  validator?: () => ValidatorFactory;
  /** Default: `@fastify/fast-json-stringify-compiler`, loaded from beside Fastify. */
  serializer?: () => SerializerFactory;
}

const fromFastify = createRequire(require.resolve('fastify'));
const defaultSources: Required<CompilerSources> = {
  validator: () => (fromFastify('@fastify/ajv-compiler') as () => ValidatorFactory)(),
  serializer: () =>
    (
      fromFastify('@fastify/fast-json-stringify-compiler') as {
        SerializerSelector(): SerializerFactory;
      }
    ).SerializerSelector(),
};

/** A value made on first use. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * A validator that compiles on its first call. Fastify reads `schemaEnv` (to let Ajv replace a
 * root value) before calling and `errors` after a failure: both come from the compiled one.
 */
function deferValidator(compile: () => Validator): Validator {
  const compiled = once(compile);
  const deferred = ((data: unknown, context?: unknown) =>
    (compiled() as (data: unknown, context?: unknown) => unknown)(data, context)) as Validator;
  Object.defineProperties(deferred, {
    schemaEnv: { get: () => (compiled() as { schemaEnv?: unknown }).schemaEnv },
    errors: { get: () => (compiled() as { errors?: unknown }).errors },
  });
  return deferred;
}

/**
 * Fastify's schema compilers (Ajv for validation, fast-json-stringify for responses), the same
 * ones with the same options, but each route's schema compiles on the route's first request
 * instead of at start-up, and the compilers load then too. Start-up otherwise spends ~150 ms
 * loading them and compiling every route's schemas before the first answer. Pass as
 * `schemaController.compilersFactory`. A schema that cannot compile fails its route's first
 * request (a 500, logged) instead of the start; the app's tests request every route.
 */
export function deferredCompilers(sources: CompilerSources = {}): CompilersFactory {
  const validatorFactory = once(sources.validator ?? defaultSources.validator);
  const serializerFactory = once(sources.serializer ?? defaultSources.serializer);
  const buildValidator = ((externalSchemas, options) => {
    const compiler = once(() => validatorFactory()(externalSchemas, options));
    return (route: Parameters<ReturnType<ValidatorFactory>>[0]) =>
      deferValidator(() => compiler()(route));
  }) as ValidatorFactory;
  const buildSerializer = ((externalSchemas, options) => {
    const compiler = once(() => serializerFactory()(externalSchemas, options));
    return (route: Parameters<ReturnType<SerializerFactory>>[0]) => {
      const serialize = once(() => compiler()(route));
      return ((data: unknown) => serialize()(data)) as Serializer;
    };
  }) as SerializerFactory;
  return { buildValidator, buildSerializer };
}
