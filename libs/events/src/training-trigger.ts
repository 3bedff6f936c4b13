import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  type ConsumerMessages,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { RequestLedger } from './request-ledger';
import { SUBJECTS } from './subjects';
import { parseTrainRequest, RejectedRequest } from './train-request';
import { TrainingScheduler, type TrainFunction } from './training-scheduler';

/** Options of {@link startTrainingTrigger}. */
export interface TrainingTriggerOptions {
  /** `nats://[user:password@]host:4222`. */
  natsUrl: string;
  /** The request subject. Default: `train`. */
  subject?: string;
  /** The JetStream stream that keeps requests until acknowledged. Default: `MESH_TRAIN`. */
  stream?: string;
  /** The durable consumer. Default: `mesh-trainer`. */
  durable?: string;
  /** The request ledger (JSON file). */
  ledgerPath: string;
  train: TrainFunction;
  /** Trainings of one project at once. Default: 1. */
  maxActiveTrainings?: number;
  /** Projects a request may name. Default: any. */
  knownProjects?: readonly string[];
  /** Redelivery of an unacknowledged request after this many ms. Default: 30000. */
  ackWaitMs?: number;
  /** Deliveries of one request before JetStream gives up on it (a request that crashes the service). Default: 5. */
  maxDeliver?: number;
  /** Reports what happens. Default: nothing. */
  log?: (message: string) => void;
}

/** A running trigger. */
export interface TrainingTrigger {
  scheduler: TrainingScheduler;
  ledger: RequestLedger;
  /** Stops consuming and waits for the connection to drain; running trainings are resumed by the next start. */
  close(): Promise<void>;
}

/**
 * Connects to NATS and consumes training requests through a JetStream durable pull consumer
 * with explicit acknowledgement: a request is acknowledged only once it is in the ledger (a
 * crash before that redelivers it); a malformed one is terminated (no redelivery) and answered
 * on `<subject>.rejected`; a message id seen before is acknowledged and ignored. Unfinished
 * requests of an earlier process are resumed first.
 */
export async function startTrainingTrigger(
  options: TrainingTriggerOptions,
): Promise<TrainingTrigger> {
  const subject = options.subject ?? SUBJECTS.train;
  const streamName = options.stream ?? 'MESH_TRAIN';
  const durable = options.durable ?? 'mesh-trainer';
  const log = options.log ?? (() => undefined);
  const nc = await connectTo(options.natsUrl);
  const publish = (to: string, payload: Record<string, unknown>) =>
    nc.publish(to, JSON.stringify(payload));

  const jsm = await jetstreamManager(nc);
  const existing = await jsm.streams.info(streamName).catch(() => undefined);
  if (!existing) {
    await jsm.streams.add({
      name: streamName,
      subjects: [subject],
      retention: RetentionPolicy.Workqueue,
    });
  } else if (!existing.config.subjects?.includes(subject)) {
    throw new Error(
      `NATS stream ${streamName} exists without subject "${subject}" (it has ${existing.config.subjects?.join(', ')}): delete it or set another stream name`,
    );
  }
  await jsm.consumers.add(streamName, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_deliver: options.maxDeliver ?? 5,
  });

  const ledger = new RequestLedger(options.ledgerPath);
  const scheduler = new TrainingScheduler({
    ledger,
    train: options.train,
    publish,
    maxActivePerProject: options.maxActiveTrainings,
    log,
  });
  const resumed = scheduler.resume();
  if (resumed > 0) log(`resuming ${resumed} unfinished training request(s)`);

  const consumer = await jetstream(nc).consumers.get(streamName, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 64 });
  const loop = (async () => {
    for await (const message of messages) {
      const messageId = message.headers?.get('Nats-Msg-Id') || `${streamName}:${message.seq}`;
      let request;
      try {
        request = parseTrainRequest(message.data, options.knownProjects);
      } catch (error) {
        if (!(error instanceof RejectedRequest)) throw error;
        publish(SUBJECTS.rejected(subject), {
          reason: error.message,
          message_id: messageId,
          payload: message.string().slice(0, 10_000),
        });
        message.term(); // no reason: nats-server 2.9 ignores an AckTerm that carries one
        log(`rejected ${messageId}: ${error.message}`);
        continue;
      }
      const { record, created } = ledger.add(messageId, request);
      await message.ackAck();
      if (!created) {
        log(`ignored duplicate ${messageId} (${record.jobId})`);
        continue;
      }
      publish(SUBJECTS.job(record.project, 'queued'), {
        job_id: record.jobId,
        model_to_train: record.project,
        message_id: messageId,
      });
      scheduler.enqueue(record);
    }
  })();
  log(
    `listening for training requests on "${subject}" (stream ${streamName}, consumer ${durable})`,
  );

  return {
    scheduler,
    ledger,
    async close() {
      scheduler.stop();
      await messages.close();
      await loop.catch(() => undefined);
      await nc.drain();
    },
  };
}

/** Connects with the credentials of the URL, if any, kept out of the server list. */
async function connectTo(natsUrl: string): Promise<NatsConnection> {
  let url: URL;
  try {
    url = new URL(natsUrl);
  } catch {
    throw new Error(`NATS_URL "${natsUrl}" is not a URL (e.g. nats://127.0.0.1:4222)`);
  }
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const server = `${url.protocol}//${url.host}`;
  try {
    return await connect({
      servers: server,
      ...(user ? { user, pass } : {}),
      name: 'mesh-training-trigger',
      maxReconnectAttempts: -1,
    });
  } catch (error) {
    throw new Error(`cannot connect to NATS at ${server} (${(error as Error).message})`, {
      cause: error,
    });
  }
}
