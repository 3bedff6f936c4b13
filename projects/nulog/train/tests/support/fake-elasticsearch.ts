import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A log document as the original's indexer stores it. */
export interface FakeDocument {
  masked_log: string;
  /** A long in Elasticsearch: kept as a bigint, written to JSON with every digit. */
  time_nanoseconds: bigint;
  window_start_time_ns: bigint;
  is_control_plane_log: boolean;
}

interface Filter {
  term?: { is_control_plane_log?: boolean };
  range?: { time_nanoseconds?: { gte?: string; lte?: string } };
}

/** Every request the fake answered, for assertions on what the client sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  authorization?: string;
}

/**
 * The part of Elasticsearch's REST API the log fetcher uses, over an in-memory index, written
 * from the API reference: `_count` and `_search` with a bool filter of term + range,
 * `_pit` open/close, and `_search` on a point in time sorted by (time_nanoseconds, _shard_doc)
 * with `search_after`, `size` and `_source` filtering. Used through `node:http` (integration)
 * and through @elastic/elasticsearch-mock resolvers (unit).
 */
export class FakeElasticsearch {
  readonly requests: RecordedRequest[] = [];
  readonly openPits = new Set<string>();
  private pits = 0;

  constructor(
    readonly index: string,
    readonly documents: FakeDocument[],
  ) {}

  private matching(query: unknown): { doc: FakeDocument; shardDoc: number }[] {
    const filters = ((query as { bool?: { filter?: Filter[] } })?.bool?.filter ?? []) as Filter[];
    return this.documents
      .map((doc, shardDoc) => ({ doc, shardDoc }))
      .filter(({ doc }) =>
        filters.every((filter) => {
          if (filter.term && 'is_control_plane_log' in filter.term)
            return doc.is_control_plane_log === filter.term.is_control_plane_log;
          const range = filter.range?.time_nanoseconds;
          if (range) {
            const time = doc.time_nanoseconds;
            return (
              (range.gte === undefined || time >= BigInt(range.gte)) &&
              (range.lte === undefined || time <= BigInt(range.lte))
            );
          }
          return false;
        }),
      );
  }

  /** Answers one request: `[status, body]`. */
  handle(
    method: string,
    path: string,
    body: Record<string, unknown> | undefined,
  ): [number, unknown] {
    const route = path.split('?')[0];
    if (route === `/${this.index}/_count`)
      return [
        200,
        {
          count: this.matching(body?.query).length,
          _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        },
      ];
    if (route === `/${this.index}/_pit` && method === 'POST') {
      if (!/keep_alive=/.test(path))
        return [
          400,
          {
            error: {
              type: 'action_request_validation_exception',
              reason: 'keep_alive is required',
            },
            status: 400,
          },
        ];
      const id = `pit-${++this.pits}`;
      this.openPits.add(id);
      return [200, { id }];
    }
    if (route === '/_pit' && method === 'DELETE') {
      const id = String(body?.id);
      const freed = this.openPits.delete(id);
      return [200, { succeeded: true, num_freed: freed ? 1 : 0 }];
    }
    if (route === '/_search') {
      const pit = (body?.pit as { id?: string } | undefined)?.id;
      if (!pit || !this.openPits.has(pit))
        return [
          404,
          {
            error: { type: 'search_context_missing_exception', reason: 'No search context found' },
            status: 404,
          },
        ];
      if ('from' in (body ?? {}))
        return [
          400,
          {
            error: {
              type: 'illegal_argument_exception',
              reason: 'from is not used with search_after here',
            },
            status: 400,
          },
        ];
      const sent = body?.search_after as [string | number, number] | undefined;
      const after = sent ? ([BigInt(sent[0]), Number(sent[1])] as const) : undefined;
      const fields = (body?._source as string[] | undefined) ?? undefined;
      const hits = this.matching(body?.query)
        .sort((a, b) =>
          a.doc.time_nanoseconds === b.doc.time_nanoseconds
            ? a.shardDoc - b.shardDoc
            : a.doc.time_nanoseconds < b.doc.time_nanoseconds
              ? -1
              : 1,
        )
        .filter(
          ({ doc, shardDoc }) =>
            !after ||
            doc.time_nanoseconds > after[0] ||
            (doc.time_nanoseconds === after[0] && shardDoc > after[1]),
        )
        .slice(0, Number(body?.size ?? 10))
        .map(({ doc, shardDoc }) => ({
          _index: this.index,
          _id: String(shardDoc),
          _score: null,
          _source: fields
            ? Object.fromEntries(
                fields.filter((f) => f in doc).map((f) => [f, doc[f as keyof FakeDocument]]),
              )
            : doc,
          sort: [doc.time_nanoseconds, shardDoc],
        }));
      return [
        200,
        {
          pit_id: pit,
          took: 1,
          timed_out: false,
          hits: { total: { value: hits.length, relation: 'eq' }, max_score: null, hits },
        },
      ];
    }
    return [
      404,
      {
        error: { type: 'no_handler_found', reason: `no handler for ${method} ${route}` },
        status: 404,
      },
    ];
  }

  /** Serves the API on a free loopback port, recording every request. */
  async listen(): Promise<{ url: string; close: () => Promise<void> }> {
    const server: Server = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString();
      const body = text ? fakeParseRequest(text) : undefined;
      this.requests.push({
        method: request.method!,
        path: request.url!,
        body,
        authorization: request.headers.authorization,
      });
      const [status, answer] = this.handle(request.method!, request.url!, body);
      response.writeHead(status, {
        'content-type': 'application/json',
        'x-elastic-product': 'Elasticsearch',
      });
      response.end(fakeJson(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }
}

/**
 * The fake's JSON writer: a bigint is written as a bare integer with every digit, as
 * Elasticsearch writes a long.
 */
export function fakeJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `@@long:${item}@@` : item,
  ).replace(/"@@long:(-?\d+)@@"/g, '$1');
}

/**
 * The fake's request reader: integers of 16+ digits (the ns longs of `range` and `search_after`;
 * request bodies hold no free text) become digit strings before JSON.parse can round them.
 */
export function fakeParseRequest(text: string): Record<string, unknown> {
  return JSON.parse(text.replace(/([[,:]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"')) as Record<
    string,
    unknown
  >;
}

/** `count` documents one second apart from `startNs`, half of them control-plane logs when `withControlPlane`. */
export function fakeDocuments(
  startNs: number | bigint,
  count: number,
  withControlPlane = false,
  stepNs = 1_000_000_000n,
): FakeDocument[] {
  return Array.from({ length: count }, (_, index) => {
    const time = BigInt(startNs) + BigInt(index) * stepNs;
    return {
      masked_log: `request ${index % 3 === 0 ? 'accepted' : 'served'} for user u${index} in <*> ms`,
      time_nanoseconds: time,
      window_start_time_ns: time - (time % 60_000_000_000n),
      is_control_plane_log: withControlPlane && index % 2 === 1,
    };
  });
}
