import { Readable } from 'node:stream';
import { readSvmlight } from '../../src';

describe('SVMlight/LETOR reading', () => {
  it('groups documents by qid with absent features as 0', async () => {
    const text = '2 qid:1 1:0.5 3:1 # doc a\n0 qid:1 2:7\n1 qid:9 1:1\n\n';
    const data = await readSvmlight(Readable.from([text]), 'x.txt');
    expect(data.numFeatures).toBe(3);
    expect(Array.from(data.labels)).toEqual([2, 0, 1]);
    expect(Array.from(data.offsets)).toEqual([0, 2, 3]);
    expect(Array.from(data.features)).toEqual([0.5, 0, 1, 0, 7, 0, 1, 0, 0]);
    expect(data.queryIds).toEqual(['1', '9']);
  });

  it('names the file and line of a bad line', async () => {
    await expect(readSvmlight(Readable.from(['1 qid:1 1:2\n1 1:2\n']), 'x.txt')).rejects.toThrow(
      /x.txt:2: missing qid/,
    );
    await expect(readSvmlight(Readable.from(['1 qid:1 0:2\n']), 'x.txt')).rejects.toThrow(
      /x.txt:1: "0:2" has no feature index/,
    );
  });
});
