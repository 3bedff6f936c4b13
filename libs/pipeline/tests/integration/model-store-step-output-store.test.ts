import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ModelStore } from '@mesh/model-store';
import { Output } from '@mesh/output';
import {
  ModelStoreStepOutputStore,
  runSteps,
  StepFailedError,
  type StepDefinition,
} from '@mesh/pipeline';
import { startS3Server, type S3Server } from '@mesh/testing';

jest.setTimeout(30_000);

const sink = new PassThrough().resume();
const output = new Output({ env: { CI: 'true' }, stderr: sink, stdout: sink });
const temp = () => mkdtempSync(join(tmpdir(), 'mesh-steps-s3-'));

/** first -> second; second fails when `fail` is set. */
function steps(ran: string[], fail = false): StepDefinition[] {
  return [
    {
      name: 'first',
      outputs: ['artifacts/first.txt'],
      run: async ({ folder, log }) => {
        ran.push('first');
        log('made first');
        writeFileSync(join(folder, 'artifacts/first.txt'), 'first output');
      },
    },
    {
      name: 'second',
      needs: ['first'],
      outputs: ['trial/second.txt'],
      run: async ({ folder }) => {
        ran.push('second');
        if (fail) throw new Error('second broke');
        const input = readFileSync(join(folder, 'artifacts/first.txt'), 'utf8');
        writeFileSync(join(folder, 'trial/second.txt'), `second after ${input}`);
      },
    },
  ];
}

describe('ModelStoreStepOutputStore on s3rver', () => {
  let s3: S3Server;
  let client: S3Client;
  beforeAll(async () => {
    s3 = await startS3Server();
    client = new S3Client(s3.clientConfig);
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });

  it('uploads outputs and logs as made, under <target>/<instance>, and resumes from them', async () => {
    const bucket = new S3ModelStore({ client, bucket: s3.bucket, prefix: 'files' });
    const store = new ModelStoreStepOutputStore(bucket, 'Target A/2025-08-03 22:56:16');
    expect(store.location).toBe(`s3://${s3.bucket}/files/Target A/2025-08-03 22:56:16`);

    const failure = await runSteps(steps([], true), { folder: temp(), output, store }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StepFailedError);
    const keys: string[] = [];
    for await (const object of bucket.list('Target A/')) keys.push(object.key);
    expect(keys.sort()).toEqual([
      'Target A/2025-08-03 22:56:16/artifacts/first.txt',
      'Target A/2025-08-03 22:56:16/logs/first.log',
      'Target A/2025-08-03 22:56:16/logs/second.log',
    ]);

    // A fresh folder (another machine, a step job): first's output comes back from the bucket.
    const ran: string[] = [];
    const folder = temp();
    await runSteps(steps(ran), { folder, output, store, fromStep: 'second' });
    expect(ran).toEqual(['second']);
    expect(readFileSync(join(folder, 'trial/second.txt'), 'utf8')).toBe(
      'second after first output',
    );
    expect(await bucket.head('Target A/2025-08-03 22:56:16/trial/second.txt')).toMatchObject({
      size: 25,
    });
  });

  it('reports an output that was never stored as missing', async () => {
    const bucket = new S3ModelStore({ client, bucket: s3.bucket, prefix: 'empty' });
    const store = new ModelStoreStepOutputStore(bucket, 't/i');
    expect(await store.restore('artifacts/none.txt', join(temp(), 'none.txt'))).toBe(false);
  });
});
