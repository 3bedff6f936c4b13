import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { parseExactJson, stringifyExactJson } from '../../src/logs/exact-json';
import { readLogs } from '../../src/logs/read-logs';

// 1764633600123456789 is above 2^53: as a JS number it would read 1764633600123456800.
const NS = '1764633600123456789';

describe('exact JSON for ns longs', () => {
  it('reads integers beyond 2^53 as digit strings, leaving strings and small numbers alone', () => {
    expect(
      parseExactJson(
        `{"t":${NS},"sort":[${NS},7],"log":"id ${NS}, \\"q\\" 99999999999999999","f":1.5e3,"n":-${NS}}`,
      ),
    ).toEqual({
      t: NS,
      sort: [NS, 7],
      log: `id ${NS}, "q" 99999999999999999`,
      f: 1500,
      n: `-${NS}`,
    });
  });

  it('writes a bigint as a bare integer with every digit', () => {
    const text = stringifyExactJson({ search_after: [BigInt(NS), 5], log: 'a' });
    expect(text).toBe(`{"search_after":[${NS},5],"log":"a"}`);
  });

  it('keeps JSONL time_nanoseconds exact when reading logs', async () => {
    const dir = tempTree();
    writeFileSync(
      join(dir, 'exact.jsonl'),
      `{"masked_log":"x","time_nanoseconds":${NS},"window_start_time_ns":1764633600000000000}\n`,
    );
    const { records } = await readLogs('exact.jsonl', { cwd: dir });
    expect(records[0].timeNs).toBe(BigInt(NS));
    expect(records[0].windowStartNs).toBe(1764633600000000000n);
  });
});
