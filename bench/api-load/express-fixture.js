// The reference side of bench/api-load when SEED_API_DIR is not set: an Express app with the
// seed Training API's four endpoints (GET /health, POST /train, GET /jobs, GET /jobs/:id), as
// its README describes them, written for this benchmark. Jobs live in memory, as in the seed; a
// Kubernetes dry run builds the Job manifest and records it in the job's log. PORT sets the port.
'use strict';
const { randomUUID } = require('node:crypto');
const express = require('express');

const app = express();
app.use(express.json({ limit: '1mb' }));
const jobs = new Map();
const RESERVED = new Set(['backend', 'env', 'job_name', 'trainer_args', 'model', 'model_name']);

function renderFlags(args) {
  const flags = [];
  for (const [name, value] of Object.entries(args)) {
    const flag = `--${name.replace(/_/g, '-')}`;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === false || item === null || item === undefined) continue;
      if (item === true) flags.push(flag);
      else flags.push(flag, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  return flags;
}

function log(job, stream, line) {
  job.logs.push({ at: new Date().toISOString(), stream, line });
}

app.get('/health', (_request, response) =>
  response.json({ status: 'ok', backends: ['kubernetes', 'vertex', 'local'] }),
);

app.post('/train', (request, response) => {
  const body = request.body || {};
  const backend = body.backend || 'kubernetes';
  if (!['kubernetes', 'vertex', 'local'].includes(backend))
    return response.status(400).json({ error: 'unknown backend' });
  const args = {};
  for (const [name, value] of Object.entries(body)) if (!RESERVED.has(name)) args[name] = value;
  const model = body.model_id || body.model || body.model_name;
  if (model) args.model_id = model;
  for (const [name, value] of Object.entries(body.trainer_args || {}))
    if (!(name in args)) args[name] = value;
  if (!args.dataset_file || !args.output_dir)
    return response.status(400).json({ error: 'dataset_file and output_dir are required' });
  const id = randomUUID();
  const name = `${(body.job_name || 'job').toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-${id.slice(0, 8)}`;
  const env = body.env || {};
  const job = {
    id,
    name,
    backend,
    status: 'queued',
    args: { ...args, hf_token: args.hf_token ? '[redacted]' : undefined },
    flags: renderFlags(args),
    createdAt: new Date().toISOString(),
    logs: [],
  };
  jobs.set(id, job);
  const manifest = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: process.env.K8S_NAMESPACE || 'default' },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'trainer',
              image: process.env.K8S_TRAINING_IMAGE || 'trainer:bench',
              args: job.flags,
              env: Object.keys(env).map((key) => ({ name: key, value: '[redacted]' })),
              resources: { limits: { 'nvidia.com/gpu': '1' } },
            },
          ],
        },
      },
    },
  };
  for (const line of JSON.stringify(manifest, null, 2).split('\n')) log(job, 'stdout', line);
  job.status = 'submitted';
  response.status(202).json({ ...job, logTail: job.logs.slice(-20) });
});

app.get('/jobs', (_request, response) =>
  response.json(
    [...jobs.values()].map((job) => ({ ...job, logs: undefined, logTail: job.logs.slice(-20) })),
  ),
);

app.get('/jobs/:id', (request, response) => {
  const job = jobs.get(request.params.id);
  if (!job) return response.status(404).json({ error: 'not found' });
  response.json(job);
});

const server = app.listen(Number(process.env.PORT || 4000), '127.0.0.1', () =>
  process.stdout.write(`fixture listening on ${server.address().port}\n`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
