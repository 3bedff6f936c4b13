import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  type S3Client,
} from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import {
  BucketNotFoundError,
  DigestRejectedError,
  ObjectNotFoundError,
  S3ModelStore,
  StoreUnreachableError,
} from '@mesh/model-store';

/** A client whose answers come from `respond`; only the calls S3ModelStore makes are there. */
function stubClient(respond: (command: { input: object }) => unknown, endpoint?: string) {
  const send = jest.fn(async (command: { input: object }) => respond(command));
  const url = endpoint ? new URL(endpoint) : undefined;
  const client = {
    send,
    config: {
      endpoint: url
        ? async () => ({
            protocol: url.protocol,
            hostname: url.hostname,
            port: Number(url.port),
            path: '/',
          })
        : undefined,
      region: async () => 'eu-west-1',
    },
  } as unknown as S3Client;
  return { client, send };
}

const metadata = { $metadata: { httpStatusCode: 404 } };

describe('S3ModelStore', () => {
  test('lists every page, with keys relative to its prefix', async () => {
    const pages: Record<string, object> = {
      first: {
        Contents: [{ Key: 'models/blobs/a', Size: 1 }, { Key: 'models/blobs/' }],
        IsTruncated: true,
        NextContinuationToken: 'second',
      },
      second: { Contents: [{ Key: 'models/blobs/b', Size: 2 }], IsTruncated: false },
    };
    const { client, send } = stubClient(
      (command) => pages[(command as ListObjectsV2Command).input.ContinuationToken ?? 'first'],
    );
    const store = new S3ModelStore({ client, bucket: 'b', prefix: 'models' });

    const listed = [];
    for await (const object of store.list('blobs/')) listed.push(object);

    expect(listed).toEqual([
      { key: 'blobs/a', size: 1, lastModified: undefined },
      { key: 'blobs/b', size: 2, lastModified: undefined },
    ]);
    expect(send.mock.calls.map(([command]) => command.input)).toEqual([
      { Bucket: 'b', Prefix: 'models/blobs/', ContinuationToken: undefined },
      { Bucket: 'b', Prefix: 'models/blobs/', ContinuationToken: 'second' },
    ]);
  });

  test('reads absent objects as not found, and deletes them without error', async () => {
    const { client } = stubClient((command) => {
      if (command instanceof HeadObjectCommand) throw new NotFound({ message: '', ...metadata });
      if (command instanceof GetObjectCommand) throw new NoSuchKey({ message: '', ...metadata });
      if (command instanceof DeleteObjectCommand) throw new NoSuchKey({ message: '', ...metadata });
      throw new Error('unexpected');
    });
    const store = new S3ModelStore({ client, bucket: 'b' });

    expect(await store.head('a')).toBeUndefined();
    await expect(store.get('a')).rejects.toEqual(new ObjectNotFoundError('s3://b/a'));
    await expect(store.delete('a')).resolves.toBeUndefined();
  });

  test('names the bucket when it does not exist', async () => {
    const { client } = stubClient(() => {
      throw new NoSuchBucket({ message: 'The specified bucket does not exist', ...metadata });
    }, 'http://127.0.0.1:9000');
    const store = new S3ModelStore({ client, bucket: 'models' });

    const error = await store.get('a').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BucketNotFoundError);
    expect((error as Error).message).toBe(
      'The bucket "models" does not exist at http://127.0.0.1:9000: create it, or correct the bucket in MODEL_STORE_URI (s3://models/...).',
    );
  });

  test.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' }),
      'connect ECONNREFUSED 127.0.0.1:9000',
    ],
    [
      'an unknown host',
      Object.assign(new Error('getaddrinfo ENOTFOUND minio'), { code: 'ENOTFOUND' }),
      'getaddrinfo ENOTFOUND minio',
    ],
    [
      'a connection timeout',
      Object.assign(
        new Error('Socket timed out without establishing a connection within 3000 ms'),
        { name: 'TimeoutError' },
      ),
      'Socket timed out without establishing a connection within 3000 ms',
    ],
    [
      'an error the SDK wrapped as text',
      new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9000'),
      'connect ECONNREFUSED 127.0.0.1:9000',
    ],
  ])('reports %s as an unreachable S3_ENDPOINT_URL', async (_case, failure, reason) => {
    const { client } = stubClient(() => {
      throw failure;
    }, 'http://127.0.0.1:9000');
    const store = new S3ModelStore({ client, bucket: 'models' });

    const error = await store.head('a').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnreachableError);
    expect(error).toMatchObject({
      cause: failure,
      message: `Cannot reach the model store at http://127.0.0.1:9000 (${reason}): check S3_ENDPOINT_URL and that the server is running and reachable from this machine.`,
    });
  });

  test('names Amazon S3 and its region when S3 itself cannot be reached', async () => {
    const { client } = stubClient(() => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN s3.eu-west-1.amazonaws.com'), {
        code: 'EAI_AGAIN',
      });
    });
    const listing = new S3ModelStore({ client, bucket: 'models' }).list('');
    const error = await listing[Symbol.asyncIterator]()
      .next()
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      'Cannot reach the model store at Amazon S3 (region eu-west-1) (getaddrinfo EAI_AGAIN s3.eu-west-1.amazonaws.com): check the network connection and AWS_REGION, or set S3_ENDPOINT_URL to use an S3-compatible server.',
    );
  });

  test('passes other S3 errors on as they are', async () => {
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const { client } = stubClient(() => {
      throw denied;
    });
    await expect(new S3ModelStore({ client, bucket: 'models' }).head('a')).rejects.toBe(denied);
  });

  test('trims slashes from its prefix and builds s3:// URIs', () => {
    const { client } = stubClient(() => ({}));
    expect(new S3ModelStore({ client, bucket: 'b' })).toMatchObject({ prefix: '', uri: 's3://b' });
    const store = new S3ModelStore({ client, bucket: 'b', prefix: '/team/models/' });
    expect(store).toMatchObject({ prefix: 'team/models', uri: 's3://b/team/models' });
    expect(store.uriOf('blobs/x')).toBe('s3://b/team/models/blobs/x');
    expect(() => store.uriOf('../x')).toThrow(RangeError);
  });

  test('refuses retry settings that are not counts or waits, saying what to use', () => {
    const { client } = stubClient(() => ({}));
    expect(() => new S3ModelStore({ client, bucket: 'b', sendAttempts: 0 })).toThrow(
      'sendAttempts 0 is not a positive integer: use 1 or more',
    );
    expect(() => new S3ModelStore({ client, bucket: 'b', retryDelayMs: -1 })).toThrow(
      'retryDelayMs -1 is not a number of milliseconds: use 0 or more',
    );
  });

  test('turns BadDigest for a put with a sha256 into DigestRejectedError, sent once', async () => {
    const folder = tempTree({ 'model.bin': 'changed after it was hashed' });
    const sha256 = 'ab'.repeat(32);
    const { client, send } = stubClient(() => {
      throw Object.assign(
        new Error('The sha256 you specified did not match the calculated checksum.'),
        {
          name: 'BadDigest',
          $metadata: { httpStatusCode: 400 },
        },
      );
    });
    const store = new S3ModelStore({ client, bucket: 'b', retryDelayMs: 0 });

    const put = store.put('blobs/x', join(folder, 'model.bin'), { sha256 });

    await expect(put).rejects.toBeInstanceOf(DigestRejectedError);
    await expect(put).rejects.toMatchObject({ uri: 's3://b/blobs/x', sha256 });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
