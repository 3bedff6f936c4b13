// A training service in its own process, for the crash test: trains by sleeping TRAIN_MS and
// appends "start <job>" / "end <job>" to RUNS_FILE. Uses the built library (integration suites build first).
const { appendFileSync } = require('node:fs');
const { join } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { startTrainingTrigger } = require(join(__dirname, '..', '..', 'dist', 'index.js'));

let versions = 0;
startTrainingTrigger({
  natsUrl: process.env.NATS_URL,
  subject: process.env.SUBJECT,
  stream: process.env.STREAM,
  ledgerPath: process.env.LEDGER,
  ackWaitMs: 2_000,
  train: async (record) => {
    appendFileSync(process.env.RUNS_FILE, `start ${record.jobId}\n`);
    await sleep(Number(process.env.TRAIN_MS));
    appendFileSync(process.env.RUNS_FILE, `end ${record.jobId}\n`);
    versions++;
    return {
      bucket: 'file:///store',
      bucket_files: { model_file: 'model.json', vocab_file: 'vocab.txt' },
      model: 'NULOG-TRAINED',
      version: `NULOG-TRAINED-${versions}`,
      metrics: {},
    };
  },
}).then(() => process.stdout.write('ready\n'));
