import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { tempTree } from '@mesh/testing';
import { startTrainingTrigger, type TrainingOutcome, type TrainingTrigger } from '../../src';
import { startNatsServer } from '../support/nats-server';

jest.setTimeout(60_000);

let nats: Awaited<ReturnType<typeof startNatsServer>>;
let client: NatsConnection;
beforeAll(async () => {
  nats = await startNatsServer();
  client = await connect({ servers: nats.url });
});
afterAll(async () => {
  await client.close();
  await nats.stop();
});

/** Collects the JSON payloads published on a subject. */
function collect(subject: string): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  const subscription = client.subscribe(subject);
  void (async () => {
    for await (const message of subscription)
      seen.push({ subject: message.subject, ...(message.json() as object) });
  })();
  return seen;
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const outcome = (version: string): TrainingOutcome => ({
  bucket: 'file:///store',
  bucket_files: { model_file: 'model.json', vocab_file: 'vocab.txt' },
  model: 'NULOG-TRAINED',
  version,
  metrics: { parsing_accuracy: 1 },
});
// Written as text: ns timestamps are JSON numbers past 2^53, as the original's senders write them.
const payload = (project = 'nulog') =>
  `{"model_to_train": "${project}", "time_intervals": [{"start_ts": 1617039360000000000, "end_ts": 1617039450000000001}]}`;

describe('the training trigger on a real nats-server -js', () => {
  let trigger: TrainingTrigger | undefined;
  afterEach(async () => {
    await trigger?.close();
    trigger = undefined;
  });

  it('trains a published request and announces model_ready with the version, after queued/started/succeeded', async () => {
    const events = collect('mesh.jobs.nulog.*');
    const ready = collect('model_ready');
    const seen: string[][] = [];
    trigger = await startTrainingTrigger({
      natsUrl: nats.url,
      stream: 'T1',
      durable: 't1',
      ledgerPath: join(tempTree(), 'ledger.json'),
      train: async (record) => {
        seen.push([record.intervals[0].start_ts, record.intervals[0].end_ts]);
        return outcome('NULOG-TRAINED-1');
      },
    });
    await client.flush();
    client.publish('train', payload());
    await until(() => ready.length === 1, 'model_ready');
    expect(ready[0]).toMatchObject({
      bucket: 'file:///store',
      bucket_files: { model_file: 'model.json', vocab_file: 'vocab.txt' },
      model: 'NULOG-TRAINED',
      version: 'NULOG-TRAINED-1',
      job_id: 'train-1',
    });
    expect(seen).toEqual([['1617039360000000000', '1617039450000000001']]);
    expect(events.map((event) => event.subject)).toEqual([
      'mesh.jobs.nulog.queued',
      'mesh.jobs.nulog.started',
      'mesh.jobs.nulog.succeeded',
    ]);
    expect(trigger.ledger.all().map((record) => record.status)).toEqual(['succeeded']);
  });

  it('answers a malformed request on train.rejected with the reason and never retries it', async () => {
    const rejected = collect('train.rejected');
    let trainings = 0;
    trigger = await startTrainingTrigger({
      natsUrl: nats.url,
      stream: 'T2',
      subject: 'train2',
      durable: 't2',
      ackWaitMs: 500,
      ledgerPath: join(tempTree(), 'ledger.json'),
      train: async () => {
        trainings++;
        return outcome('X-1');
      },
    });
    const reject = collect('train2.rejected');
    client.publish(
      'train2',
      '{"model_to_train": "nulog", "time_intervals": [{"start_ts": "soon"}]}',
    );
    client.publish('train2', 'not json');
    await until(() => reject.length === 2, 'train2.rejected');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(reject.map((answer) => answer.reason)).toEqual([
      expect.stringContaining('"time_intervals[0].start_ts" must be a whole number of nanoseconds'),
      expect.stringContaining('payload is not JSON'),
    ]);
    expect(reject).toHaveLength(2);
    expect(rejected).toHaveLength(0);
    expect(trainings).toBe(0);
  });

  it('announces model_failed and mesh.jobs.<project>.failed when the training fails', async () => {
    const failed = collect('model_failed');
    const jobs = collect('mesh.jobs.sentiment.failed');
    trigger = await startTrainingTrigger({
      natsUrl: nats.url,
      stream: 'T3',
      subject: 'train3',
      durable: 't3',
      ledgerPath: join(tempTree(), 'ledger.json'),
      train: async () => {
        throw new Error('quality gate failed: accuracy 0.41 below baseline 0.52');
      },
    });
    client.publish('train3', payload('sentiment'));
    await until(() => failed.length === 1 && jobs.length === 1, 'model_failed');
    expect(failed[0]).toMatchObject({
      model_to_train: 'sentiment',
      job_id: 'train-1',
      error: expect.stringContaining('quality gate failed'),
    });
  });

  it('trains 50 requests published at once, all of them, one at a time in arrival order', async () => {
    const ready = collect('model_ready');
    const order: number[] = [];
    let active = 0;
    let mostActive = 0;
    trigger = await startTrainingTrigger({
      natsUrl: nats.url,
      stream: 'T4',
      subject: 'train4',
      durable: 't4',
      ledgerPath: join(tempTree(), 'ledger.json'),
      train: async (record) => {
        active++;
        mostActive = Math.max(mostActive, active);
        order.push(record.sequence);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        return outcome(`NULOG-TRAINED-${record.sequence}`);
      },
    });
    for (let index = 0; index < 50; index++) client.publish('train4', payload());
    await until(() => ready.length === 50, '50 model_ready');
    expect(order).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(mostActive).toBe(1);
    expect(new Set(ready.map((event) => event.version)).size).toBe(50);
  });

  it('ignores a request whose message id it has recorded', async () => {
    const queued = collect('mesh.jobs.ner.queued');
    trigger = await startTrainingTrigger({
      natsUrl: nats.url,
      stream: 'T5',
      subject: 'train5',
      durable: 't5',
      ledgerPath: join(tempTree(), 'ledger.json'),
      train: async () => outcome('NER-TRAINED-1'),
    });
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', 'request-7');
    client.publish('train5', payload('ner'), { headers });
    await until(() => queued.length === 1, 'queued');
    // Past JetStream's own duplicate window the ledger still knows the id.
    trigger.ledger.add('request-8', { project: 'ner', intervals: [] });
    const again = natsHeaders();
    again.set('Nats-Msg-Id', 'request-8');
    client.publish('train5', payload('ner'), { headers: again });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(queued).toHaveLength(1);
    expect(trigger.ledger.all().map((record) => record.messageId)).toEqual([
      'request-7',
      'request-8',
    ]);
  });
});

describe('a service killed mid-training', () => {
  it('runs the request again after a restart, to exactly one finished training', async () => {
    const dir = tempTree();
    const env = {
      ...process.env,
      NATS_URL: nats.url,
      LEDGER: join(dir, 'ledger.json'),
      RUNS_FILE: join(dir, 'runs.txt'),
      TRAIN_MS: '1500',
      SUBJECT: 'train6',
      STREAM: 'T6',
    };
    const script = join(__dirname, '..', 'support', 'trigger-process.js');
    const start = async () => {
      const child = spawn(process.execPath, [script], {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      return child;
    };
    const ready = collect('model_ready');
    const first = await start();
    client.publish('train6', payload());
    await until(
      () =>
        existsSync(env.RUNS_FILE) && readFileSync(env.RUNS_FILE, 'utf8').includes('start train-'),
      'the first start',
    );
    const jobId = readFileSync(env.RUNS_FILE, 'utf8').trim().split(' ')[1];
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const second = await start();
    try {
      await until(
        () => ready.some((event) => event.job_id === jobId),
        'model_ready after the restart',
      );
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const runs = readFileSync(env.RUNS_FILE, 'utf8').trim().split('\n');
      expect(runs).toEqual([`start ${jobId}`, `start ${jobId}`, `end ${jobId}`]);
      expect(ready.filter((event) => event.job_id === jobId)).toHaveLength(1);
      const ledger = JSON.parse(readFileSync(env.LEDGER, 'utf8')).requests;
      expect(ledger).toHaveLength(1);
      expect(ledger[0]).toMatchObject({ status: 'succeeded', starts: 2 });
    } finally {
      second.kill('SIGTERM');
    }
  });
});
