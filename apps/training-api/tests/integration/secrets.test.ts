import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingApi } from '@mesh/training-api';
import { tempTree } from '@mesh/testing';
import { Client, settled, startApi } from '../api-client';

const TOKEN_VALUE = 'hf_TOPSECRET_4b1d9e77c2';

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('a token sent in env', () => {
  let api: TrainingApi;
  let home: string;
  let client: Client;

  beforeAll(async () => {
    // The local trainer prints its whole environment and arguments, as a careless script might.
    home = tempTree({ 'train.sh': 'echo "args: $*"; env | sort\n' });
    api = await startApi(home, { PYTHON_BIN: 'sh', TRAIN_SCRIPT_PATH: join(home, 'train.sh') });
    client = new Client(api.url);
  });
  afterAll(() => api?.close());

  it('appears in no API response, stored record, log line or manifest on disk', async () => {
    const payloads = [
      {
        backend: 'kubernetes',
        job_name: 'secret-k8s',
        model: 'org/model',
        dataset_file: 's3://bucket/data.jsonl',
        output_dir: '/tmp/model',
        env: { HF_TOKEN: TOKEN_VALUE, WANDB_API_KEY: TOKEN_VALUE, PLAIN: 'visible' },
      },
      {
        backend: 'vertex',
        dataset_file: 'gs://bucket/data.jsonl',
        output_dir: '/tmp/model',
        env: { HF_TOKEN: TOKEN_VALUE },
      },
      {
        backend: 'local',
        dataset_file: 'data.jsonl',
        output_dir: '/tmp/model',
        env: { HF_TOKEN: TOKEN_VALUE, DB_PASSWORD: TOKEN_VALUE },
      },
      { project: 'keywords', backend: 'kubernetes', settings: { HF_TOKEN: TOKEN_VALUE } },
    ];
    const ids: string[] = [];
    for (const payload of payloads) {
      const { status, body } = await client.request('POST', '/train', payload);
      expect(status).toBe(202);
      ids.push(body.id);
    }
    for (const id of ids) await client.waitFor(id, settled);
    const local = await client.request('GET', `/jobs/${ids[2]}`);
    expect(local.body.status).toBe('succeeded');
    // The script did print its environment: the value was scrubbed from the stored lines.
    expect(local.text).toContain('HF_TOKEN=[redacted]');
    expect(local.text).toContain('DB_PASSWORD=[redacted]');
    for (const id of ids) {
      await client.request('GET', `/jobs/${id}`);
      await client.request('GET', `/jobs/${id}/logs`);
      await client.request('GET', `/jobs/${id}/logs?follow=true`);
    }
    await client.request('GET', '/jobs');
    await client.request('GET', '/openapi.json');

    // Every response this test received.
    for (const text of client.seen) expect(text).not.toContain(TOKEN_VALUE);
    // Every stored record and log line, through the store.
    for (const id of ids) {
      expect(JSON.stringify(await api.jobs.store.get(id))).not.toContain(TOKEN_VALUE);
      expect(JSON.stringify(await api.jobs.store.logs(id))).not.toContain(TOKEN_VALUE);
    }
    // Every byte on disk: the database (and its write-ahead log) and the written manifests.
    const written = files(home);
    expect(written.some((path) => path.endsWith('.yaml'))).toBe(true);
    expect(written.some((path) => path.endsWith('registry.db'))).toBe(true);
    for (const path of written)
      expect({ path, found: readFileSync(path).includes(TOKEN_VALUE) }).toEqual({
        path,
        found: false,
      });
    // The non-secret value went through.
    expect(client.seen.join('\n')).toContain('visible');
  });
});
