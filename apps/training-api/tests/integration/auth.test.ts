import { request as httpRequest } from 'node:http';
import type { TrainingApi } from '@mesh/training-api';
import { tempTree } from '@mesh/testing';
import { Client, startApi, TOKEN } from '../api-client';

const DRY_RUN = {
  backend: 'kubernetes',
  dataset_file: 's3://bucket/data.jsonl',
  output_dir: '/tmp/model',
};

/** A raw GET with any Host header (fetch does not let a caller choose it). */
function getWithHost(url: string, path: string, host: string): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path, headers: { host, authorization: `Bearer ${TOKEN}` } },
      (response) => {
        response.resume();
        resolve(response.statusCode!);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('access to the Training API', () => {
  let api: TrainingApi;
  let id: string;

  beforeAll(async () => {
    api = await startApi(tempTree());
    id = (await new Client(api.url).request('POST', '/train', DRY_RUN)).body.id;
  });
  afterAll(() => api?.close());

  const reads = () => [
    '/jobs',
    `/jobs/${id}`,
    `/jobs/${id}/logs`,
    `/jobs/${id}/logs?follow=true`,
    `/jobs/${id}/manifest`,
    '/models',
    '/projects',
    '/openapi.json',
  ];

  it('refuses every read without a token (401) or with a wrong one (403)', async () => {
    for (const path of reads()) {
      const without = await new Client(api.url, null).request('GET', path);
      expect({ path, status: without.status }).toEqual({ path, status: 401 });
      expect(without.headers.get('www-authenticate')).toBe('Bearer');
      const wrong = await new Client(api.url, 'wrong-token').request('GET', path);
      expect({ path, status: wrong.status }).toEqual({ path, status: 403 });
      const right = await new Client(api.url).request('GET', path);
      expect({ path, status: right.status }).toEqual({ path, status: 200 });
    }
  });

  it('opens a report only with the token or a one-time link issued with it', async () => {
    const report = '/models/KEYWORDS-TRAINED-1/report.html';
    expect((await new Client(api.url, null).request('GET', report)).status).toBe(401);
    const forged = `${report}?ticket=${'a'.repeat(64)}`;
    expect((await new Client(api.url, null).request('GET', forged)).status).toBe(401);
    const link = '/models/KEYWORDS-TRAINED-1/report-link';
    expect((await new Client(api.url, null).request('POST', link)).status).toBe(401);
    // No version is registered here: an authorised client is told so.
    expect((await new Client(api.url).request('POST', link)).status).toBe(404);
  });

  it('answers /health to anyone, but says which backends exist only with a token', async () => {
    const anonymous = await new Client(api.url, null).request('GET', '/health');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ status: 'ok' });
    const known = await new Client(api.url).request('GET', '/health');
    expect(Object.keys(known.body.backends)).toContain('kubernetes');
  });

  it('serves the page shell with CSP, no framing and no sniffing; it holds no data', async () => {
    const page = await new Client(api.url, null).request('GET', '/');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.text).toContain('sessionStorage');
    expect(page.text).not.toContain('localStorage');
    expect(page.text).not.toContain(id);
  });

  it('answers only loopback Host names by default (DNS rebinding)', async () => {
    expect(await getWithHost(api.url, '/jobs', `localhost:${new URL(api.url).port}`)).toBe(200);
    expect(await getWithHost(api.url, '/jobs', '127.0.0.1')).toBe(200);
    expect(await getWithHost(api.url, '/jobs', '[::1]:80')).toBe(200);
    expect(await getWithHost(api.url, '/jobs', 'attacker.example')).toBe(403);
    expect(await getWithHost(api.url, '/health', 'attacker.example:4000')).toBe(403);
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const preflight = await fetch(`${api.url}/jobs`, {
      method: 'OPTIONS',
      headers: { origin: 'https://studio.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await new Client(api.url).request('GET', '/jobs', undefined, {
      origin: 'https://studio.example',
    });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('access with settings', () => {
  let api: TrainingApi;

  beforeAll(async () => {
    api = await startApi(tempTree(), {
      MESH_API_PUBLIC_READS: 'true',
      MESH_API_ALLOWED_HOSTS: 'api.internal',
      MESH_API_CORS_ORIGINS: 'https://studio.example',
    });
  });
  afterAll(() => api?.close());

  it('MESH_API_PUBLIC_READS=true opens reads, never submissions', async () => {
    const anonymous = new Client(api.url, null);
    expect((await anonymous.request('GET', '/jobs')).status).toBe(200);
    expect((await anonymous.request('GET', '/openapi.json')).status).toBe(200);
    expect((await anonymous.request('POST', '/train', DRY_RUN)).status).toBe(401);
  });

  it('MESH_API_ALLOWED_HOSTS replaces the loopback names', async () => {
    expect(await getWithHost(api.url, '/jobs', 'api.internal:8080')).toBe(200);
    expect(await getWithHost(api.url, '/jobs', 'localhost')).toBe(403);
  });

  it('MESH_API_CORS_ORIGINS allows exactly those origins', async () => {
    // The preflight goes with the allowed Host header (api.internal resolves nowhere here).
    const { port } = new URL(api.url);
    const preflight = (origin: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'OPTIONS',
            path: '/train',
            headers: { host: 'api.internal', origin, 'access-control-request-method': 'POST' },
          },
          (response) => {
            response.resume();
            resolve({ status: response.statusCode, ...response.headers });
          },
        );
        request.on('error', reject);
        request.end();
      });
    expect(await preflight('https://studio.example')).toMatchObject({
      status: 204,
      'access-control-allow-origin': 'https://studio.example',
    });
    expect(await preflight('https://evil.example')).not.toHaveProperty(
      'access-control-allow-origin',
    );
  });
});
