// s3rver ships no types: the part of its API the test helpers use.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  namespace S3rver {
    interface Options {
      address?: string;
      /** 0 picks a free port. */
      port?: number;
      silent?: boolean;
      /** Where buckets and objects are kept. */
      directory?: string;
      /** Buckets created at start. */
      configureBuckets?: { name: string }[];
    }
    /** The Koa context of a request, as far as a middleware here needs it. */
    interface Context {
      method: string;
      path: string;
      query: Record<string, string | string[] | undefined>;
      status: number;
      type: string;
      body: unknown;
    }
    type Middleware = (context: Context, next: () => Promise<void>) => Promise<void>;
  }

  class S3rver {
    constructor(options?: S3rver.Options);
    /** Koa's shared context: `context.logger` is the logger requests log with. */
    context: { logger: unknown };
    /** Koa's middleware, composed when the server starts. */
    middleware: S3rver.Middleware[];
    /** The filesystem store: `getResourcePath(bucket, undefined, 'uploads')` holds multipart uploads. */
    store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }

  export = S3rver;
}
