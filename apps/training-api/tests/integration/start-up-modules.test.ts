import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTrainingApi } from '@mesh/training-api';

// Not ../api-client nor @mesh/testing: they load pg themselves.
const ROOT = join(__dirname, '..', '..', '..');
const TOKEN = 'start-up-token';

// Packages the first answer does not need, each recorded when something loads it. The names
// start with `mock` so Jest lets the hoisted factories read them (a package loaded while the
// imports above run fails the suite with "Cannot access 'mockRecordLoad' before initialization").
const mockLoaded: string[] = [];
const mockRecordLoad = (name: string) => {
  mockLoaded.push(name);
  return jest.requireActual(name);
};
jest.mock('@aws-sdk/client-s3', () => mockRecordLoad('@aws-sdk/client-s3'));
jest.mock('pg', () => mockRecordLoad('pg'));
jest.mock('kubernetes-models/batch/v1/Job', () => mockRecordLoad('kubernetes-models/batch/v1/Job'));
jest.mock('@kubernetes/client-node', () => mockRecordLoad('@kubernetes/client-node'));

describe('the Training API at start-up', () => {
  it('answers without loading S3, PostgreSQL or Kubernetes code, and loads it when a job needs it', async () => {
    const api = await startTrainingApi({
      root: ROOT,
      port: 0,
      env: {
        PATH: process.env.PATH,
        MESH_HOME: mkdtempSync(join(tmpdir(), 'mesh-start-up-')),
        MESH_API_TOKENS: TOKEN,
        K8S_TRAINING_IMAGE: 'trainer:1',
      },
    });
    const request = (method: string, path: string, body?: object) =>
      fetch(`${api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      });
    try {
      expect((await request('GET', '/health')).status).toBe(200);
      expect((await request('GET', '/jobs')).status).toBe(200);
      expect(mockLoaded).toEqual([]);

      const submitted = await request('POST', '/train', {
        backend: 'kubernetes',
        dataset_file: 's3://bucket/data.jsonl',
        output_dir: 's3://bucket/out',
      });
      expect(submitted.status).toBe(202);
      // The manifest is validated against the Kubernetes schema; a dry run talks to no cluster.
      expect(mockLoaded).toEqual(['kubernetes-models/batch/v1/Job']);
    } finally {
      await api.close();
    }
  });
});
