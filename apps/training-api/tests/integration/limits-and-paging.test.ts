import type { TrainingApi } from '@mesh/training-api';
import { tempTree } from '@mesh/testing';
import { Client, startApi } from '../api-client';

const DRY_RUN = {
  backend: 'kubernetes',
  dataset_file: 's3://bucket/data.jsonl',
  output_dir: '/tmp/model',
};

describe('request limits', () => {
  let api: TrainingApi;
  let client: Client;

  beforeAll(async () => {
    api = await startApi(tempTree());
    client = new Client(api.url);
  });
  afterAll(() => api?.close());

  it('answers 400 naming MAX_BODY_DEPTH to a deeply nested body, and keeps serving', async () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const body = `{"backend":"kubernetes","dataset_file":"s3://b/d","output_dir":"/o","trainer_args":${deep}}`;
    const { status, body: answer } = await client.request('POST', '/train', body);
    expect(status).toBe(400);
    expect(answer).toMatchObject({ field: 'body' });
    expect(answer.message).toContain('MAX_BODY_DEPTH');
    expect((await client.request('GET', '/health')).status).toBe(200);
  });

  it('answers 400 naming MAX_BODY_KEYS to 40,000 trainer_args keys', async () => {
    const trainer_args = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i]));
    const { status, body } = await client.request('POST', '/train', { ...DRY_RUN, trainer_args });
    expect(status).toBe(400);
    expect(body.message).toContain('MAX_BODY_KEYS');
  });

  it('answers 400 naming MAX_FLAGS to more flags than allowed', async () => {
    const trainer_args = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`f${i}`, i]));
    const { status, body } = await client.request('POST', '/train', { ...DRY_RUN, trainer_args });
    expect(status).toBe(400);
    expect(body).toMatchObject({ field: 'trainer_args' });
    expect(body.message).toContain('MAX_FLAGS');
  });

  it.each(['A=B\nC', '1ABC', 'A B', ''])(
    'refuses the env name %j as the Kubernetes API would',
    async (name) => {
      const { status, body } = await client.request('POST', '/train', {
        ...DRY_RUN,
        env: { [name]: 'x' },
      });
      expect(status).toBe(400);
      expect(body.field).toMatch(/^env\./);
      expect(body.message).toContain('environment variable name');
    },
  );
});

describe('GET /jobs pages', () => {
  let api: TrainingApi;
  let client: Client;
  const ids: string[] = [];

  beforeAll(async () => {
    api = await startApi(tempTree());
    client = new Client(api.url);
    for (let i = 0; i < 12; i++)
      ids.push(
        (
          await client.request('POST', '/train', {
            ...DRY_RUN,
            backend: i % 3 ? 'kubernetes' : 'vertex',
          })
        ).body.id,
      );
  }, 60_000);
  afterAll(() => api?.close());

  it('walks every job once, newest first, following X-Next-Cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body, headers } = await client.request(
        'GET',
        `/jobs?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(status).toBe(200);
      expect(body.length).toBeLessThanOrEqual(5);
      seen.push(...body.map((job: { id: string }) => job.id));
      cursor = headers.get('x-next-cursor');
      if (cursor) expect(headers.get('link')).toContain('rel="next"');
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by backend, status and creation time, and pages the filtered list', async () => {
    const vertex = await client.request('GET', '/jobs?backend=vertex&status=succeeded&limit=2');
    expect(vertex.body).toHaveLength(2);
    expect(vertex.body.every((job: { backend: string }) => job.backend === 'vertex')).toBe(true);
    const rest = await client.request(
      'GET',
      `/jobs?backend=vertex&status=succeeded&limit=2&cursor=${encodeURIComponent(vertex.headers.get('x-next-cursor')!)}`,
    );
    expect(rest.body).toHaveLength(2);
    expect(rest.headers.get('x-next-cursor')).toBeNull();
    const future = await client.request('GET', '/jobs?created_from=2999-01-01T00:00:00Z');
    expect(future.body).toEqual([]);
    const past = await client.request('GET', '/jobs?created_to=2000-01-01T00:00:00Z');
    expect(past.body).toEqual([]);
  });

  it.each([
    ['limit=1001', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['offset=10', 'offset'],
    ['status=done', 'status'],
  ])('answers 400 to %s', async (query, field) => {
    const { status, body } = await client.request('GET', `/jobs?${query}`);
    expect(status).toBe(400);
    expect(body.field).toBe(field);
  });

  it('documents paging in the OpenAPI document', async () => {
    const { body } = await client.request('GET', '/openapi.json');
    const names = body.paths['/jobs'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'cursor',
        'limit',
        'project',
        'status',
        'backend',
        'created_from',
        'created_to',
      ]),
    );
    expect(JSON.stringify(body.paths['/jobs'].get.responses['200'])).toContain('x-next-cursor');
  });
});

describe('a server error', () => {
  it('is answered and logged with the same request id', async () => {
    const api = await startApi(tempTree());
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      // The database goes away under the service.
      await api.jobs.store.close();
      const { status, body } = await new Client(api.url).request('GET', '/jobs');
      expect(status).toBe(500);
      expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      const logged = written
        .map((line) => JSON.parse(line))
        .find((entry) => entry.requestId === body.requestId);
      expect(logged).toMatchObject({ level: 'error', method: 'GET', path: '/jobs' });
    } finally {
      spy.mockRestore();
      await api.app.close();
      await api.registry.close().catch(() => undefined);
    }
  });
});
