import { fetchElasticsearchLogs } from '../../src/logs/elasticsearch-logs';
import { gunzipSync } from 'node:zlib';
import { windowsArchive } from '../../src/logs/windows';
import { FakeElasticsearch, fakeDocuments } from '../support/fake-elasticsearch';

/** The entry names of a ustar archive. */
function tarNames(tar: Buffer): string[] {
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar
      .subarray(offset, offset + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (name === '') break;
    names.push(name);
    const size = parseInt(
      tar
        .subarray(offset + 124, offset + 136)
        .toString('utf8')
        .trim(),
      8,
    );
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

// No Elasticsearch server can run here: this is a node:http server on 127.0.0.1 that speaks the
// endpoints and bodies the official client sends, written from Elasticsearch's API reference.
const START = 1_764_633_600_000_000_000;
const SECOND = 1_000_000_000;

describe('fetchElasticsearchLogs against a loopback Elasticsearch API', () => {
  it('counts per interval, pages each through a point in time with search_after, closes it, and authenticates', async () => {
    const fake = new FakeElasticsearch('logs', fakeDocuments(START, 40, true));
    const server = await fake.listen();
    try {
      const records = await fetchElasticsearchLogs({
        url: server.url,
        username: 'reader',
        password: 'secret',
        pageSize: 3,
        intervals: [
          { start: BigInt(START), end: BigInt(START + 9 * SECOND) },
          { start: BigInt(START + 20 * SECOND), end: BigInt(START + 39 * SECOND) },
        ],
      });
      // Only the workload logs (even indexes): 5 in the first interval, 10 in the second.
      expect(records).toHaveLength(15);
      expect(records.every((record) => record.content.startsWith('request '))).toBe(true);
      const times = records.map((record) => record.timeNs!);
      expect([...times].sort((a, b) => (a < b ? -1 : 1))).toEqual(times);
      expect(new Set(times).size).toBe(15);
      const paths = fake.requests.map(
        (request) => `${request.method} ${request.path.split('?')[0]}`,
      );
      expect(paths.filter((path) => path === 'POST /logs/_count')).toHaveLength(2);
      expect(paths.filter((path) => path === 'POST /logs/_pit')).toHaveLength(1);
      const searches = fake.requests.filter((request) => request.path.startsWith('/_search'));
      expect(searches.length).toBeGreaterThanOrEqual(6);
      expect(searches[0].body).toMatchObject({
        size: 3,
        _source: ['masked_log', 'time_nanoseconds', 'window_start_time_ns'],
      });
      expect(searches[0].body).not.toHaveProperty('search_after');
      expect(searches[1].body).toHaveProperty('search_after');
      expect(fake.openPits.size).toBe(0);
      expect(fake.requests[0].authorization).toBe(
        `Basic ${Buffer.from('reader:secret').toString('base64')}`,
      );
    } finally {
      await server.close();
    }
  });

  it('shares MAX_LOGS across intervals in proportion to their counts', async () => {
    const fake = new FakeElasticsearch('logs', fakeDocuments(START, 40));
    const server = await fake.listen();
    try {
      const records = await fetchElasticsearchLogs({
        url: server.url,
        maxLogs: 10,
        intervals: [
          { start: BigInt(START), end: BigInt(START + 9 * SECOND) },
          { start: BigInt(START + 10 * SECOND), end: BigInt(START + 39 * SECOND) },
        ],
      });
      // 10 and 30 documents: 10 shared as 2.5 and 7.5 -> 3 and 7 (largest remainders, first wins ties).
      const first = records.filter((record) => record.timeNs! < BigInt(START + 10 * SECOND));
      expect([first.length, records.length - first.length]).toEqual([3, 7]);
    } finally {
      await server.close();
    }
  });

  it('keeps ns times above 2^53 exact from the response, through search_after, into the windows', async () => {
    // 1764633600123456789 + k * 1000000001 ns: odd values a double cannot hold (its step there is 256).
    const start = 1_764_633_600_123_456_789n;
    const documents = fakeDocuments(start, 12, false, 1_000_000_001n);
    expect(BigInt(Number(documents[0].time_nanoseconds))).not.toBe(documents[0].time_nanoseconds);
    const fake = new FakeElasticsearch('logs', documents);
    const server = await fake.listen();
    try {
      const records = await fetchElasticsearchLogs({
        url: server.url,
        pageSize: 5,
        intervals: [{ start: start + 1n, end: documents[11].time_nanoseconds - 1n }],
      });
      // The bounds exclude the first and last document by one ns each.
      expect(records.map((record) => record.timeNs)).toEqual(
        documents.slice(1, 11).map((doc) => doc.time_nanoseconds),
      );
      expect(records.map((record) => record.windowStartNs)).toEqual(
        documents.slice(1, 11).map((doc) => doc.window_start_time_ns),
      );
      const searches = fake.requests.filter((request) => request.path.startsWith('/_search'));
      expect(searches[1].body?.search_after).toEqual([String(documents[5].time_nanoseconds), 5]);
      const count = fake.requests.find((request) => request.path.startsWith('/logs/_count'));
      expect(JSON.stringify(count?.body)).toContain(`"gte":"${start + 1n}"`);
      const names = tarNames(gunzipSync(windowsArchive(records).archive));
      expect(names).toEqual(
        [...new Set(documents.slice(1, 11).map((doc) => doc.window_start_time_ns))].map(
          (window) => `windows/${window}.jsonl.gz`,
        ),
      );
    } finally {
      await server.close();
    }
  });

  it('names the server and index when the request fails, without the credentials', async () => {
    const fake = new FakeElasticsearch('other', []);
    const server = await fake.listen();
    try {
      const url = server.url.replace('http://', 'http://user:pw@');
      await expect(
        fetchElasticsearchLogs({ url, index: 'logs', intervals: [{ start: 0n, end: 1n }] }),
      ).rejects.toThrow(
        /Elasticsearch http:\/\/\[redacted\]@127\.0\.0\.1:\d+ index "logs": counting logs failed/,
      );
    } finally {
      await server.close();
    }
  });
});
