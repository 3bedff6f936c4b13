import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { startS3Server } from '@mesh/testing';
import { readLogs } from '../../src/logs/read-logs';

// Logs in S3, read from a real S3 API server (s3rver) on loopback.
it('reads a gzip raw log from s3:// with LOG_FORMAT and the environment credentials', async () => {
  const s3 = await startS3Server();
  try {
    const client = new S3Client(s3.clientConfig);
    const body = gzipSync(
      '2026-11-01 10:00:00 INFO a: started job 1\n2026-11-01 10:00:01 INFO a: started job 2\nnot a log line\n',
    );
    await client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: 'logs/app.log.gz', Body: body }),
    );
    const result = await readLogs(`s3://${s3.bucket}/logs/app.log.gz`, {
      cwd: '/',
      logFormat: '<Date> <Time> <Level> <Component>: <Content>',
      env: {
        S3_ENDPOINT_URL: s3.endpoint,
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      },
    });
    expect(result.records.map((record) => record.content)).toEqual([
      'started job 1',
      'started job 2',
    ]);
    expect(result.skipped).toBe(1);
    await expect(
      readLogs(`s3://${s3.bucket}/missing.log`, {
        cwd: '/',
        env: {
          S3_ENDPOINT_URL: s3.endpoint,
          AWS_ACCESS_KEY_ID: 'S3RVER',
          AWS_SECRET_ACCESS_KEY: 'S3RVER',
        },
      }),
    ).rejects.toThrow(/missing\.log: could not be read from S3/);
  } finally {
    await s3.stop();
  }
}, 60_000);
