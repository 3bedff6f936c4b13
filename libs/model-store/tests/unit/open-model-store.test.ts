import { S3Client } from '@aws-sdk/client-s3';
import {
  InvalidStoreUriError,
  LocalModelStore,
  openModelStore,
  S3ModelStore,
} from '@mesh/model-store';

describe('openModelStore', () => {
  test('opens file:// URIs and absolute paths as local stores', () => {
    for (const uri of ['file:///var/mesh/store', '/var/mesh/store']) {
      const store = openModelStore(uri);
      expect(store).toBeInstanceOf(LocalModelStore);
      expect(store.uri).toBe('file:///var/mesh/store');
    }
  });

  test('addresses an S3_ENDPOINT_URL by path, in AWS_REGION, failing fast', async () => {
    const store = openModelStore('s3://models/team', {
      endpoint: 'http://127.0.0.1:9000',
      env: { AWS_REGION: 'eu-central-1' },
    }) as S3ModelStore;

    expect(store).toBeInstanceOf(S3ModelStore);
    expect(store).toMatchObject({ bucket: 'models', prefix: 'team', uri: 's3://models/team' });
    const config = store.client.config;
    expect(config.forcePathStyle).toBe(true);
    expect(await config.region()).toBe('eu-central-1');
    expect(await config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 9000 });
    expect(await config.maxAttempts()).toBe(2);
    expect(await config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
  });

  test('uses Amazon S3 in us-east-1, virtual-hosted, without an endpoint or AWS_REGION', async () => {
    const store = openModelStore('s3://models', { env: {} }) as S3ModelStore;
    expect(store.client.config.forcePathStyle).toBe(false);
    expect(store.client.config.endpoint).toBeUndefined();
    expect(await store.client.config.region()).toBe('us-east-1');
    expect(await store.client.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
  });

  test('prefers explicit options, and a given client as is', async () => {
    const explicit = openModelStore('s3://models', {
      endpoint: 'https://s3.example.com',
      forcePathStyle: false,
      region: 'ap-south-1',
      env: { AWS_REGION: 'eu-central-1' },
    }) as S3ModelStore;
    expect(explicit.client.config.forcePathStyle).toBe(false);
    expect(await explicit.client.config.region()).toBe('ap-south-1');

    const client = new S3Client({ region: 'us-west-2' });
    expect((openModelStore('s3://models', { s3Client: client }) as S3ModelStore).client).toBe(
      client,
    );
  });

  test('refuses an S3_ENDPOINT_URL that is not an http(s) URL', () => {
    for (const endpoint of ['127.0.0.1:9000', 'minio', 'ftp://minio:21']) {
      expect(() => openModelStore('s3://models', { endpoint })).toThrow(
        new InvalidStoreUriError(
          'S3_ENDPOINT_URL',
          endpoint,
          'is not an http(s) URL',
          "use the server's address with its scheme, e.g. http://127.0.0.1:9000 or https://s3.example.com",
        ),
      );
    }
  });

  test('passes on part size, single-put limit and queue, and refuses values S3 cannot take', () => {
    expect(() => openModelStore('s3://models', { partSizeBytes: 1024 })).toThrow(
      "partSizeBytes 1024 is not a whole number of bytes of at least 5 MiB, S3's smallest part: use 5242880 or more",
    );
    expect(() => openModelStore('s3://models', { singlePutMaxBytes: 6 * 1024 ** 3 })).toThrow(
      'singlePutMaxBytes 6442450944 is not a whole number of bytes from 0 to 5 GiB, the most one PutObject may carry: use a value in that range',
    );
    expect(() => openModelStore('s3://models', { queueSize: 0 })).toThrow(
      'queueSize 0 is not a positive integer: use 1 or more',
    );
  });
});
