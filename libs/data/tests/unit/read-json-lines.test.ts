import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DataError, readJsonLines } from '@mesh/data';
import { tempTree } from '@mesh/testing';

const validate = (value: unknown) => {
  const record = value as { text?: unknown };
  if (typeof record.text !== 'string') throw new Error('field "text" must be a string');
  return record as { text: string };
};

const JSONL = '{"text":"one"}\n\n{"text":"two"}\n';

async function failure(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('readJsonLines from files', () => {
  it('reads records from a relative path, a file:// URL and a .gz file, with the stored digest', async () => {
    const dir = tempTree({ 'data.jsonl': JSONL, 'data.jsonl.gz': gzipSync(JSONL) });
    const relative = await readJsonLines('data.jsonl', { cwd: dir, validate });
    const fileUrl = await readJsonLines(pathToFileURL(join(dir, 'data.jsonl')).href, { validate });
    const gz = await readJsonLines('data.jsonl.gz', { cwd: dir, validate });
    expect(relative.records.map((record) => record.text)).toEqual(['one', 'two']);
    expect(fileUrl.records).toEqual(relative.records);
    expect(gz.records).toEqual(relative.records);
    expect(relative.digest).toBe(`sha256:${createHash('sha256').update(JSONL).digest('hex')}`);
    expect(relative.bytes).toBe(Buffer.byteLength(JSONL));
  });

  it('names the path of a file that does not exist', async () => {
    const error = await failure(readJsonLines('missing.jsonl', { cwd: '/nowhere', validate }));
    expect(error.message).toMatch(
      /^missing\.jsonl: no such file \(looked for \/nowhere\/missing\.jsonl\)/,
    );
  });

  it('rejects an empty file', async () => {
    const dir = tempTree({ 'empty.jsonl': '' });
    expect((await failure(readJsonLines('empty.jsonl', { cwd: dir, validate }))).message).toBe(
      'empty.jsonl: the file is empty',
    );
  });

  it('rejects a file of blank lines as having no records', async () => {
    const dir = tempTree({ 'blank.jsonl': '\n\n' });
    expect((await failure(readJsonLines('blank.jsonl', { cwd: dir, validate }))).message).toBe(
      'blank.jsonl: contains no records',
    );
  });

  it('names the line of invalid JSON and of an invalid record', async () => {
    const dir = tempTree({
      'bad.jsonl': '{"text":"ok"}\n{"text": oops}\n',
      'wrong.jsonl': '{"text":"ok"}\n\n{"text":3}\n',
    });
    const bad = await failure(readJsonLines('bad.jsonl', { cwd: dir, validate }));
    const wrong = await failure(readJsonLines('wrong.jsonl', { cwd: dir, validate }));
    expect(bad.line).toBe(2);
    expect(bad.message).toMatch(/^bad\.jsonl:2: not valid JSON/);
    expect(wrong.message).toBe('wrong.jsonl:3: field "text" must be a string');
  });

  it('refuses unsupported schemes with the accepted ones', async () => {
    const error = await failure(readJsonLines('ftp://host/data.jsonl', { validate }));
    expect(error.message).toMatch(
      /unsupported scheme "ftp:\/\/": use a path .* or an http\(s\):\/\/ URL/,
    );
  });
});

describe('readJsonLines over http on loopback', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/data.jsonl') response.end(JSONL);
      else response.writeHead(404, 'Not Found').end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('streams records from a URL', async () => {
    const result = await readJsonLines(`${base}/data.jsonl`, { validate });
    expect(result.records).toHaveLength(2);
    expect(result.location).toBe(`${base}/data.jsonl`);
  });

  it('reports the status of a failed request', async () => {
    const error = await failure(readJsonLines(`${base}/missing.jsonl`, { validate }));
    expect(error.message).toBe(`${base}/missing.jsonl: the server answered 404 Not Found`);
  });
});
