import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFileApi, registrySettingsSpec, type RegistrySettings } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { startTrainingApi, type TrainingApi } from '@mesh/training-api';
import { ROOT, TOKEN } from '../api-client';

const FILE_KEY = 'file-key-51c2';

describe('the file API mounted in the Training API', () => {
  let api: TrainingApi;
  let home: string;

  beforeAll(async () => {
    home = tempTree();
    const { handler } = openFileApi({
      settings: {
        FILE_API_KEY: FILE_KEY,
        FILE_API_STORE_URI: '',
        FILE_API_MOUNT: '/files',
        FILE_API_MAX_BYTES: 1024 * 1024,
      },
      registry: loadSettings(registrySettingsSpec, { env: {}, configDir: null })
        .values as RegistrySettings,
      meshHome: home,
      basePath: '/files',
    });
    api = await startTrainingApi({
      root: ROOT,
      port: 0,
      env: {
        PATH: process.env.PATH,
        MESH_HOME: home,
        MESH_API_TOKENS: TOKEN,
        // Smaller than the upload: the mounted API streams bodies past the JSON body limit.
        BODY_LIMIT_BYTES: '1024',
      },
      mounts: [{ path: '/files', handler }],
    });
  });
  afterAll(() => api?.close());

  it('takes writes with FILE_API_KEY and serves reads to holders of an API token', async () => {
    const body = Buffer.alloc(8 * 1024, 'v');
    const url = `${api.url}/files/Target/2025-08-03%2022%3A56%3A16/edit-sets/train.xml`;
    const write = (authorization?: string) =>
      fetch(url, {
        method: 'PUT',
        headers: {
          'content-type': 'application/xml',
          ...(authorization ? { authorization } : {}),
        },
        body,
      });
    expect((await write()).status).toBe(401);
    expect((await write(`Bearer ${TOKEN}`)).status).toBe(403);
    expect((await write(`Bearer ${FILE_KEY}`)).status).toBe(201);
    expect((await write(`Bearer ${FILE_KEY}`)).status).toBe(200);
    const onDisk = join(
      home,
      'store',
      'files',
      'Target',
      '2025-08-03 22:56:16',
      'edit-sets',
      'train.xml',
    );
    expect(readFileSync(onDisk)).toEqual(body);

    expect((await fetch(url)).status).toBe(401);
    const read = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer())).toEqual(body);
    const index = await fetch(`${api.url}/files/Target/`, {
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
    });
    expect(((await index.json()) as { entries: unknown[] }).entries).toEqual([
      expect.objectContaining({ name: '2025-08-03 22:56:16', type: 'folder', size: 8192 }),
    ]);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });
});
