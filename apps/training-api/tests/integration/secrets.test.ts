import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { Client, serveProcess, settled, TOKEN } from '../api-client';

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** A distinct canary per field, so a leak names the field it came through. */
const canary = (field: string) => `CANARY${field.replace(/[^A-Za-z0-9]/g, '')}x7Q`;

/** The secret-bearing fields of a seed-style trainer request, each with its own canary. */
function trainerPayload(backend: string, prefix: string, dataset: string) {
  const c = (field: string) => canary(`${prefix}${field}`);
  return {
    backend,
    job_name: `canary-${backend}`,
    model: 'org/model',
    dataset_file: `${dataset}?X-Amz-Signature=${c('querysig')}&part=1`,
    output_dir: '/tmp/model',
    upload_output_to: `https://uploader:${c('urlpassword')}@store.example/models`,
    hf_token: c('hftoken'),
    token: c('token'),
    api_key: c('apikey'),
    password: c('password'),
    secret: c('secret'),
    hfToken: c('camelhftoken'),
    trainer_args: {
      num_train_epochs: 1,
      hf_token: c('argshftoken'),
      wandbApiKey: c('argswandb'),
      hub: { auth: { password: c('argsnested') } },
      callback: `https://hooks.example/cb?access_token=${c('argsquery')}`,
    },
    env: {
      HF_TOKEN: c('envhftoken'),
      HF_AUTH: c('envhfauth'),
      hfToken: c('envcamel'),
      WANDB_API_KEY: c('envwandb'),
      AWS_SECRET_ACCESS_KEY: c('envaws'),
      MIRROR: `https://mirror:${c('envurlpassword')}@mirror.example/`,
      PLAIN: 'visible-plain-value',
    },
  };
}

describe('redaction by construction', () => {
  it('no canary sent through any accepted field appears in a response, the database, a manifest or the service output', async () => {
    // The local trainer prints its arguments and environment, as a careless script might, and
    // says whether the real secret reached it (the flag references are expanded at start).
    const home = tempTree({
      'train.sh': [
        'echo "args: $*"',
        'env | sort',
        'for a in "$@"; do case "$a" in CANARY*) echo "got-secret-arg";; esac; done',
        '',
      ].join('\n'),
    });
    const server = await serveProcess({
      MESH_HOME: home,
      MESH_API_TOKENS: TOKEN,
      PYTHON_BIN: 'sh',
      TRAIN_SCRIPT_PATH: join(home, 'train.sh'),
      K8S_TRAINING_IMAGE: 'ghcr.io/finery/trainer:1.4',
      VERTEX_IMAGE_URI: 'us-docker.pkg.dev/finery/trainer:1.4',
      VERTEX_PROJECT: 'finery',
    });
    const client = new Client(server.url);
    const canaries: string[] = [];
    try {
      const payloads: Record<string, unknown>[] = [
        trainerPayload('kubernetes', 'k8s', 's3://bucket/data.jsonl'),
        // Vertex AI has no secret references in a CustomJob: only secret variables, left out of
        // the spec (the job reads them from Secret Manager); secret flags are refused below.
        {
          backend: 'vertex',
          job_name: 'canary-vertex',
          model: 'org/model',
          dataset_file: 'gs://bucket/data.jsonl',
          output_dir: '/tmp/model',
          trainer_args: { num_train_epochs: 1 },
          env: {
            HF_TOKEN: canary('vertexenvhftoken'),
            WANDB_API_KEY: canary('vertexenvwandb'),
            PLAIN: 'visible-plain-value',
          },
        },
        trainerPayload('local', 'local', 'data.jsonl'),
        {
          project: 'keywords',
          backend: 'kubernetes',
          settings: {
            HF_TOKEN: canary('sethftoken'),
            hfToken: canary('setcamel'),
            HF_AUTH: canary('sethfauth'),
            TRAINING_DATA_URI: `https://data.example/train.csv?sig=${canary('setquerysig')}`,
            REGISTRY_URL: `postgres://mesh:${canary('setdbpassword')}@db.example/mesh`,
          },
        },
      ];
      for (const payload of payloads)
        canaries.push(...JSON.stringify(payload).match(/CANARY\w+/g)!);
      expect(new Set(canaries).size).toBe(canaries.length);

      const ids: string[] = [];
      for (const payload of payloads) {
        const { status, body } = await client.request('POST', '/train', payload);
        expect({ status, body }).toMatchObject({ status: 202 });
        ids.push(body.id);
      }
      // A rejected request echoes no secret in its error either.
      const rejected = await client.request('POST', '/train', {
        ...trainerPayload('kubernetes', 'bad', 's3://bucket/x.jsonl'),
        dataset_file: `ftp://user:${canary('baddataset')}@host/data.jsonl`,
      });
      canaries.push(canary('baddataset'));
      expect(rejected.status).toBe(400);
      expect(rejected.body.field).toBe('dataset_file');

      // Secret flags on Vertex AI would be in clear in the CustomJob: refused, naming the flags.
      const vertexFlags = trainerPayload('vertex', 'vertexflags', 'gs://bucket/data.jsonl');
      canaries.push(...JSON.stringify(vertexFlags).match(/CANARY\w+/g)!);
      const refused = await client.request('POST', '/train', vertexFlags);
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('trainer_args');
      expect(refused.body.message).toContain('--hf-token');
      expect(refused.body.message).toContain('Secret Manager');

      for (const id of ids) await client.waitFor(id, settled);
      const local = await client.request('GET', `/jobs/${ids[2]}`);
      expect(local.body.status).toBe('succeeded');
      // The process did get the secret flags and variables; their values were scrubbed from its log.
      expect(local.text).toContain('got-secret-arg');
      expect(local.text).toContain('HF_TOKEN=[redacted]');
      expect(local.text).toContain('HF_AUTH=[redacted]');
      for (const id of ids) {
        await client.request('GET', `/jobs/${id}`);
        await client.request('GET', `/jobs/${id}/logs`);
        await client.request('GET', `/jobs/${id}/logs?follow=true`);
        await client.request('GET', `/jobs/${id}/manifest`);
        await client.request('GET', `/jobs/${id}/manifest?format=yaml`);
      }
      const k8s = await client.request('GET', `/jobs/${ids[0]}/manifest`);
      expect(k8s.status).toBe(200);
      // Secret flags are references the cluster expands from the job's Secret.
      expect(k8s.text).toContain('--hf-token');
      expect(k8s.text).toContain('$(MESH_SECRET_ARG_');
      const vertex = await client.request('GET', `/jobs/${ids[1]}/manifest`);
      expect(vertex.status).toBe(200);
      const container = vertex.body.jobSpec.workerPoolSpecs[0].containerSpec;
      // No reference Vertex AI would pass through unexpanded, no secret variable: only plain ones.
      expect(JSON.stringify(vertex.body)).not.toContain('MESH_SECRET_ARG');
      expect(container.env.map((item: { name: string }) => item.name).sort()).toEqual([
        'MESH_JOB_ID',
        'PLAIN',
      ]);
      await client.request('GET', '/jobs');
      await client.request('GET', '/openapi.json');
    } finally {
      await server.stop();
    }
    const leaks: string[] = [];
    const search = (where: string, text: string | Buffer) => {
      for (const value of canaries) if (text.includes(value)) leaks.push(`${value} in ${where}`);
    };
    client.seen.forEach((text, i) => search(`response ${i}`, text));
    search('the service output', server.output());
    const written = files(home);
    expect(written.some((path) => path.endsWith('registry.db'))).toBe(true);
    for (const path of written) search(path, readFileSync(path));
    expect(leaks).toEqual([]);
    // Non-secret values went through.
    expect(client.seen.join('\n')).toContain('visible-plain-value');
  }, 120_000);
});
