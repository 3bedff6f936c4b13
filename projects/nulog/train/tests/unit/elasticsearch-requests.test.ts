import { Client } from '@elastic/elasticsearch';
import Mock, { type MockPattern } from '@elastic/elasticsearch-mock';
import {
  fetchElasticsearchLogs,
  intervalQuery,
  shareBudget,
} from '../../src/logs/elasticsearch-logs';
import {
  FakeElasticsearch,
  fakeDocuments,
  fakeJson,
  fakeParseRequest,
} from '../support/fake-elasticsearch';

const START = 1_764_633_600_000_000_000;

it('shares a budget in proportion with largest remainders, never above a count', () => {
  expect(shareBudget([10, 30], 100)).toEqual([10, 30]);
  expect(shareBudget([10, 30], 10)).toEqual([3, 7]);
  expect(shareBudget([1, 1, 1], 2)).toEqual([1, 1, 0]);
  expect(shareBudget([0, 5], 3)).toEqual([0, 3]);
});

it('queries workload logs in the interval with exact nanosecond bounds', () => {
  expect(intervalQuery({ start: 1617039360000000001n, end: 1617039450000000000n })).toEqual({
    bool: {
      filter: [
        { term: { is_control_plane_log: false } },
        { range: { time_nanoseconds: { gte: '1617039360000000001', lte: '1617039450000000000' } } },
      ],
    },
  });
});

it('sends the request shapes Elasticsearch expects (through @elastic/elasticsearch-mock)', async () => {
  const fake = new FakeElasticsearch('logs', fakeDocuments(START, 12));
  const mock = new Mock();
  const seen: string[] = [];
  const route = (method: string, path: string) =>
    mock.add({ method, path }, (params: MockPattern) => {
      seen.push(`${method} ${path}`);
      const query = params.querystring ? `?${new URLSearchParams(params.querystring)}` : '';
      const body =
        typeof params.body === 'string'
          ? fakeParseRequest(params.body)
          : (params.body as Record<string, unknown>);
      const [status, answer] = fake.handle(method, `${path}${query}`, body);
      if (status !== 200) throw new Error(fakeJson(answer));
      // The mock writes objects with JSON.stringify, which takes no bigint; this client's default
      // serializer rounds longs anyway (exact longs are the loopback server test's concern).
      return JSON.parse(fakeJson(answer)) as Record<string, unknown>;
    });
  route('POST', '/logs/_count');
  route('POST', '/logs/_pit');
  route('POST', '/_search');
  route('DELETE', '/_pit');
  const client = new Client({ node: 'http://localhost:9200', Connection: mock.getConnection() });
  const records = await fetchElasticsearchLogs({
    url: 'http://localhost:9200',
    client,
    pageSize: 5,
    intervals: [{ start: BigInt(START), end: BigInt(START + 11 * 1e9) }],
  });
  expect(records.map((record) => record.lineId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  expect(seen).toEqual([
    'POST /logs/_count',
    'POST /logs/_pit',
    'POST /_search',
    'POST /_search',
    'POST /_search',
    'DELETE /_pit',
  ]);
});
