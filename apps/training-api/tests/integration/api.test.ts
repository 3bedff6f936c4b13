import { join } from 'node:path';
import type { TrainingApi } from '@mesh/training-api';
import { tempTree } from '@mesh/testing';
import { Client, settled, startApi, TOKEN } from '../api-client';

// Both example payloads of the seed's README.
const KUBERNETES_EXAMPLE = {
  backend: 'kubernetes',
  job_name: 'aml-qlora-k8s',
  model: 'meta-llama/Llama-3.2-3B-Instruct',
  dataset_file: 's3://my-bucket/jobs/job-123/data.jsonl',
  output_dir: '/tmp/model',
  upload_output_to: 'gs://finery-training/models/job-123',
  trainer_args: {
    num_train_epochs: 2,
    per_device_train_batch_size: 2,
    gradient_accumulation_steps: 8,
  },
  env: { HF_TOKEN: 'hf_xxx' },
};

describe('the Training API', () => {
  let api: TrainingApi;
  let client: Client;
  let home: string;

  beforeAll(async () => {
    home = tempTree({ 'sleep.sh': 'echo "training $*"; sleep 30\n' });
    api = await startApi(home, {
      BODY_LIMIT_BYTES: '4096',
      PYTHON_BIN: 'sh',
      TRAIN_SCRIPT_PATH: join(home, 'sleep.sh'),
    });
    client = new Client(api.url);
  });
  afterAll(() => api?.close());

  it('reports which backends are usable', async () => {
    const { status, body } = await client.request('GET', '/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.backends)).toEqual(['local', 'docker', 'kubernetes', 'vertex']);
    expect(body.backends.local.available).toBe(true);
  });

  it('needs a bearer token to submit: 401 without, 403 with a wrong one', async () => {
    const without = await new Client(api.url, null).request('POST', '/train', KUBERNETES_EXAMPLE);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await new Client(api.url, 'nope').request('POST', '/train', KUBERNETES_EXAMPLE);
    expect(wrong.status).toBe(403);
    const cancel = await new Client(api.url, null).request('POST', '/jobs/x/cancel');
    expect(cancel.status).toBe(401);
  });

  it("accepts the seed's Kubernetes example: 202, then a dry-run manifest with the secret by reference", async () => {
    const { status, body } = await client.request('POST', '/train', KUBERNETES_EXAMPLE);
    expect(status).toBe(202);
    // A dry run is over once planned: the answer is already final.
    expect(body).toMatchObject({ backend: 'kubernetes', status: 'succeeded', dryRun: true });
    expect(body.name).toMatch(/^aml-qlora-k8s-[0-9a-f]{8}$/);
    expect(body.args.args.model_id).toBe('meta-llama/Llama-3.2-3B-Instruct');
    expect(body.args.env).toEqual({ HF_TOKEN: '[redacted]' });
    const job = await client.waitFor(body.id, settled);
    expect(job).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(job.finishedAt).not.toBeNull();
    // The manifest is stored once, not as log lines, and served as YAML on request.
    expect(job.logs.length).toBeLessThan(5);
    const manifest = (await client.request('GET', `/jobs/${body.id}/manifest?format=yaml`)).text;
    expect(manifest).toContain('kind: Job');
    expect(manifest).toContain('nvidia.com/gpu: "1"');
    expect(manifest).toContain(`name: ${body.name}-env`);
    expect(JSON.stringify(job)).not.toContain('hf_xxx');
  });

  it('gives a reused job name a new Kubernetes name each time', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 3; i++)
      names.add((await client.request('POST', '/train', KUBERNETES_EXAMPLE)).body.name);
    expect(names.size).toBe(3);
  });

  it.each([
    [{ ...KUBERNETES_EXAMPLE, dataset_file: undefined }, 'dataset_file', undefined],
    [{ ...KUBERNETES_EXAMPLE, output_dir: undefined }, 'output_dir', undefined],
    [
      { ...KUBERNETES_EXAMPLE, dataset_file: 'ftp://host/data.jsonl' },
      'dataset_file',
      ['s3://', 'gs://'],
    ],
    [
      { ...KUBERNETES_EXAMPLE, backend: 'slurm' },
      'backend',
      ['local', 'docker', 'kubernetes', 'vertex'],
    ],
    [
      { project: 'nope', backend: 'local' },
      'project',
      ['cbng', 'keywords', 'ner', 'nulog', 'ranker', 'sentiment'],
    ],
    [{ project: 'keywords', component: 'serve', backend: 'local' }, 'component', ['train']],
    [{ ...KUBERNETES_EXAMPLE, env: { HF_TOKEN: { value: 5 } } }, 'env.HF_TOKEN', undefined],
  ])('answers 400 naming the field: %#', async (payload, field, accepted) => {
    const { status, body } = await client.request('POST', '/train', payload);
    expect(status).toBe(400);
    expect(body.field).toBe(field);
    expect(body.message).toContain(field);
    if (accepted) expect(body.accepted).toEqual(accepted);
  });

  it('reads JSON sent as curl -d sends it (a form content type), and refuses a body that is not JSON', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const accepted = await client.request(
      'POST',
      '/train',
      JSON.stringify(KUBERNETES_EXAMPLE),
      form,
    );
    expect(accepted.status).toBe(202);
    const refused = await client.request('POST', '/train', 'backend=local', form);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('not JSON');
  });

  it('answers 413 to a body over the limit', async () => {
    const { status, body } = await client.request('POST', '/train', {
      ...KUBERNETES_EXAMPLE,
      trainer_args: { padding: 'x'.repeat(10_000) },
    });
    expect(status).toBe(413);
    expect(body.message).toContain('BODY_LIMIT_BYTES');
  });

  it('answers 404 for an unknown job', async () => {
    expect((await client.request('GET', '/jobs/nope')).status).toBe(404);
    expect((await client.request('POST', '/jobs/nope/cancel')).status).toBe(404);
  });

  it('cancels a running local job, streaming its log as server-sent events', async () => {
    const { body } = await client.request('POST', '/train', {
      backend: 'local',
      dataset_file: 'data/train.jsonl',
      output_dir: '/tmp/out',
      packing: true,
      lora_rank: 8,
    });
    const running = await client.waitFor(body.id, (job) => job.status === 'running');
    expect(running.externalId).toMatch(/^pid:/);
    const stream = fetch(`${api.url}/jobs/${body.id}/logs?follow=true`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    }).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cancelled = await client.request('POST', `/jobs/${body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const events = await stream;
    expect(events).toContain('event: log');
    expect(events).toContain(
      'training --dataset-file data/train.jsonl --output-dir /tmp/out --packing --lora-rank 8',
    );
    expect(events).toMatch(/event: end\ndata: \{"status":"cancelled"\}/);
  });

  it('lists jobs with bounded log tails', async () => {
    const { body } = await client.request('GET', '/jobs');
    expect(body.length).toBeGreaterThan(3);
    for (const job of body) {
      expect(job.logTail.length).toBeLessThanOrEqual(20);
      expect(job).not.toHaveProperty('logs');
    }
    // Each tail (read for the whole page at once) is that job's own newest lines.
    for (const job of body.slice(0, 3)) {
      const { body: log } = await client.request('GET', `/jobs/${job.id}/logs`);
      expect(job.logTail).toEqual(log.slice(-20));
    }
    expect(body.some((job: { logTail: unknown[] }) => job.logTail.length > 0)).toBe(true);
  });

  it('serves its OpenAPI document and the web page', async () => {
    const { body } = await client.request('GET', '/openapi.json');
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/train',
        '/jobs',
        '/jobs/{id}',
        '/jobs/{id}/logs',
        '/jobs/{id}/cancel',
      ]),
    );
    expect(body.paths['/train'].post.security).toEqual([{ bearer: [] }]);
    const page = await client.request('GET', '/');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('Registered models');
  });
});
