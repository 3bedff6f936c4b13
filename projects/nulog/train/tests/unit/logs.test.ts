import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tempTree } from '@mesh/testing';
import { parseCsvLine, csvField } from '../../src/logs/csv';
import { compileLogFormat } from '../../src/logs/log-format';
import { readLogs } from '../../src/logs/read-logs';
import { parseTimeIntervals } from '../../src/logs/time-intervals';
import { inIntervals, windowsArchive } from '../../src/logs/windows';
import { buildVocabulary, nulogTokens } from '../../src/model/vocabulary';

describe('LOG_FORMAT', () => {
  it('splits a line into headers and content the way Loghub formats do', () => {
    const format = compileLogFormat('<Date> <Time> <Pid> <Level> <Component>: <Content>');
    expect(
      format.parse('081109 203615 148 INFO dfs.DataNode: Receiving block blk_1 src: /10.0.0.1'),
    ).toEqual({
      Date: '081109',
      Time: '203615',
      Pid: '148',
      Level: 'INFO',
      Component: 'dfs.DataNode',
      Content: 'Receiving block blk_1 src: /10.0.0.1',
    });
    expect(format.parse('no header here')).toBeUndefined();
    expect(
      compileLogFormat('<Host> <Component>\\[<Pid>\\]: <Content>').parse('n1 sshd[42]: hello')?.Pid,
    ).toBe('42');
  });

  it('keeps fields in place when the format has groups of its own (an optional [pid])', () => {
    const format = compileLogFormat('<Month> <Date> <Time> <Component>(\\[<PID>\\])?: <Content>');
    expect(format.parse('Jun 7 15:32:45 sshd(pam_unix)[23350]: check pass; user unknown')).toEqual({
      Month: 'Jun',
      Date: '7',
      Time: '15:32:45',
      Component: 'sshd(pam_unix)',
      PID: '23350',
      Content: 'check pass; user unknown',
    });
    expect(format.parse('Jun 7 15:32:45 kernel: hello')).toMatchObject({
      PID: '',
      Content: 'hello',
    });
  });

  it('needs a <Content> field', () => {
    expect(() => compileLogFormat('<Date> <Message>')).toThrow(/no <Content>/);
  });
});

describe('readLogs', () => {
  const dir = tempTree();
  it('reads a Loghub structured CSV with quoted fields and its truth column', async () => {
    writeFileSync(
      join(dir, 'a.csv'),
      'LineId,Content,EventId,EventTemplate\n1,"a, b ""c""",E1,"a, <*>"\n',
    );
    const result = await readLogs('a.csv', { cwd: dir });
    expect(result.records).toEqual([{ lineId: 1, content: 'a, b "c"', truth: 'a, <*>' }]);
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('names the file and line of a bad JSONL record', async () => {
    writeFileSync(join(dir, 'b.jsonl'), '{"masked_log":"ok"}\n{"text":1}\n');
    await expect(readLogs('b.jsonl', { cwd: dir })).rejects.toThrow(/b\.jsonl:2: has no log text/);
  });

  it('says which LOG_FORMAT no line fits', async () => {
    writeFileSync(join(dir, 'c.log'), 'plain line\n');
    await expect(
      readLogs('c.log', { cwd: dir, logFormat: '<Date> <Level>: <Content>' }),
    ).rejects.toThrow(/none of its 1 lines fits LOG_FORMAT/);
  });
});

describe('time intervals and windows', () => {
  it('checks intervals and names the bad field', () => {
    expect(parseTimeIntervals([{ start_ts: '10', end_ts: 20 }])).toEqual([
      { start: 10n, end: 20n },
    ]);
    expect(() => parseTimeIntervals([{ start_ts: 1, end_ts: 'x' }])).toThrow(
      /time_intervals\[0\]\.end_ts/,
    );
    expect(() => parseTimeIntervals([{ start_ts: 5, end_ts: 1 }])).toThrow(
      /start_ts is after end_ts/,
    );
  });

  it('stores the logs as one gzip JSONL per window inside a tar.gz', () => {
    const records = [
      { lineId: 1, content: 'a', timeNs: 5n, windowStartNs: 0n },
      { lineId: 2, content: 'b', timeNs: 70_000_000_000n },
      { lineId: 3, content: 'c', timeNs: 1n, windowStartNs: 0n },
    ];
    expect(inIntervals(records, [{ start: 0n, end: 10n }]).map((r) => r.content)).toEqual([
      'a',
      'c',
    ]);
    const { archive, windows } = windowsArchive(records);
    expect(windows).toBe(2);
    const tar = gunzipSync(archive);
    expect(tar.subarray(0, 100).toString().replace(/\0+$/, '')).toBe('windows/0.jsonl.gz');
    const size = parseInt(tar.subarray(124, 135).toString(), 8);
    const first = gunzipSync(tar.subarray(512, 512 + size)).toString();
    expect(
      first
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).masked_log),
    ).toEqual(['a', 'c']);
    expect(tar.indexOf('windows/60000000000.jsonl.gz')).toBeGreaterThan(0);
    expect(windowsArchive(records).archive.equals(archive)).toBe(true);
  });
});

describe('NuLog tokenizer and vocabulary', () => {
  it('lowercases, starts with <CLS> and turns tokens with more than one digit into <NUM>', () => {
    expect(nulogTokens('Took 42 ms for Job7')).toEqual([
      '<CLS>',
      'took',
      '<NUM>',
      'ms',
      'for',
      'job7',
    ]);
  });

  it('caps the vocabulary, special tokens first, then by frequency', () => {
    expect(buildVocabulary(['b a a', 'a c'], 7)).toEqual([
      '<PAD>',
      '<CLS>',
      '<UNK>',
      '<MASK>',
      '<NUM>',
      'a',
      'b',
    ]);
  });
});

it('quotes CSV fields that need it', () => {
  expect(parseCsvLine(['x', csvField('a,"b"'), csvField(3)].join(','))).toEqual([
    'x',
    'a,"b"',
    '3',
  ]);
});
