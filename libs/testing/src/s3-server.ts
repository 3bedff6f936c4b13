// The suites' type check (tsconfig.tests.json) reaches this file through the @mesh/* paths and
// does not include libs' .d.ts files, so the declaration of s3rver is referenced from here.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed credentials. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const UPLOAD_ID = /^[0-9a-f]+$/;

/** Options of {@link startS3Server}. */
export interface S3ServerOptions {
  /**
   * Answer AbortMultipartUpload, which s3rver does not implement (it answers 405), by removing
   * the upload's parts (without checking the request's signature). Turn off to test how a
   * failed abort is handled. Default: true.
   */
  abortMultipartUpload?: boolean;
}

/** What an S3Client needs to talk to the server; spread it into `new S3Client({...})`. */
export interface S3ServerClientConfig {
  endpoint: string;
  region: string;
  forcePathStyle: true;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** s3rver would store the aws-chunked framing of the SDK's default checksums as object bytes. */
  requestChecksumCalculation: 'WHEN_REQUIRED';
  responseChecksumValidation: 'WHEN_REQUIRED';
}

/** A running s3rver on loopback with one fresh bucket. */
export interface S3Server {
  /** e.g. `http://127.0.0.1:40123`. */
  endpoint: string;
  /** A fresh, empty bucket. */
  bucket: string;
  /** s3rver's credentials, also in {@link clientConfig}. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  clientConfig: S3ServerClientConfig;
  /** Where s3rver keeps buckets and objects (removed by {@link stop}). */
  directory: string;
  /** Ids of multipart uploads of the bucket neither completed nor aborted. */
  openMultipartUploads(): Promise<string[]>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts s3rver, a real S3 server over HTTP, on 127.0.0.1 and a free port, silent, in a new
 * temporary directory, with a fresh bucket. Call `stop()` when done (e.g. in `afterAll`).
 * s3rver does not support conditional writes, and cannot page listings on Node 17+
 * (its continuation tokens use DES): keep listings under 1,000 keys.
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'mesh-s3rver-'));
  const bucket = `mesh-test-${randomBytes(4).toString('hex')}`;
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const uploadsOf = (name: string) => server.store.getResourcePath(name, undefined, 'uploads');
  if (options.abortMultipartUpload ?? true) {
    server.middleware.unshift(async (context, next) => {
      const uploadId = context.query.uploadId;
      const bucketName = /^\/([^/]+)\/./.exec(context.path)?.[1];
      if (context.method !== 'DELETE' || typeof uploadId !== 'string' || !bucketName) {
        return next();
      }
      const parts = join(uploadsOf(bucketName), uploadId);
      if (!UPLOAD_ID.test(uploadId) || !(await exists(parts))) {
        context.status = 404;
        context.type = 'application/xml';
        context.body =
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code>' +
          '<Message>The specified upload does not exist.</Message></Error>';
        return;
      }
      await rm(parts, { recursive: true, force: true });
      context.status = 204;
    });
  }

  let address;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    credentials: CREDENTIALS,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
    directory,
    openMultipartUploads: async () => {
      try {
        return (await readdir(uploadsOf(bucket))).sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
    stop: async () => {
      // Requests cut off by their client can finish after the server closed its logger, which
      // winston reports on the console: they log nowhere instead.
      server.context.logger = new Proxy({}, { get: () => () => undefined });
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
