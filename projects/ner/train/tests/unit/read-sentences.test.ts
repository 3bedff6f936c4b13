import { gzipSync } from 'node:zlib';
import { DataError } from '@mesh/data';
import { tempTree } from '@mesh/testing';
import { readSentences } from '../../src/data/read-sentences';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the read to fail');
}

const CONLL = `-DOCSTART- -X- -X- O

EU NNP B-NP I-ORG
rejects VBZ B-VP O
German JJ B-NP I-MISC
call NN I-NP O

Peter NNP B-NP I-PER
Blackburn NNP I-NP I-PER
`;

describe('readSentences', () => {
  it('reads CoNLL columns (plain and .gz): token first, tag last, -DOCSTART- skipped, IOB1 detected', async () => {
    const dir = tempTree({ 'a.conll': CONLL, 'a.conll.gz': gzipSync(CONLL) });
    for (const file of ['a.conll', 'a.conll.gz']) {
      const data = await readSentences(file, { cwd: dir });
      expect(data.sentences.map((s) => s.tokens)).toEqual([
        ['EU', 'rejects', 'German', 'call'],
        ['Peter', 'Blackburn'],
      ]);
      expect(data.sentences[1]).toMatchObject({ tags: ['I-PER', 'I-PER'], line: 8 });
      expect(data).toMatchObject({ scheme: 'IOB1', tokens: 6, format: 'conll' });
      expect(data.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it('takes the tag from TAG_COLUMN', async () => {
    const dir = tempTree({ 'a.conll': 'Paris B-LOC NNP\nis O VBZ\n' });
    const data = await readSentences('a.conll', { cwd: dir, tagColumn: 1 });
    expect(data.sentences[0].tags).toEqual(['B-LOC', 'O']);
    expect(data.scheme).toBe('IOB2');
  });

  it('reads JSONL {tokens, tags} and detects BIOES', async () => {
    const dir = tempTree({
      'a.jsonl': '{"tokens":["Ann","Lee","sang"],"tags":["B-PER","E-PER","O"]}\n',
    });
    const data = await readSentences('a.jsonl', { cwd: dir });
    expect(data).toMatchObject({ scheme: 'BIOES', format: 'jsonl', tokens: 3 });
  });

  it('names file and line for a line with too few columns', async () => {
    const dir = tempTree({ 'bad.conll': 'Paris B-LOC\nis\n' });
    const error = await failure(readSentences('bad.conll', { cwd: dir }));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(/^bad\.conll:2: found 1 column\(s\) in "is"/);
  });

  it('names file and line for a tag that is not IOB/BIO/BIOES', async () => {
    const dir = tempTree({ 'bad.conll': 'Paris B-LOC\n\nis O\nnice PERSON\n' });
    const error = await failure(readSentences('bad.conll', { cwd: dir }));
    expect(error.message).toMatch(
      /^bad\.conll:4: "PERSON" is not an IOB1, IOB2 \(BIO\) or BIOES tag/,
    );
  });

  it('names the line of a JSONL record whose tokens and tags differ in length', async () => {
    const dir = tempTree({
      'bad.jsonl': '{"tokens":["a"],"tags":["O"]}\n{"tokens":["a","b"],"tags":["O"]}\n',
    });
    const error = await failure(readSentences('bad.jsonl', { cwd: dir }));
    expect(error.message).toBe(
      'bad.jsonl:2: "tokens" has 2 items but "tags" has 1: give one tag per token',
    );
  });

  it('rejects a file with no sentences', async () => {
    const dir = tempTree({ 'empty.conll': '-DOCSTART- O\n\n\n' });
    const error = await failure(readSentences('empty.conll', { cwd: dir }));
    expect(error.message).toMatch(/^empty\.conll: contains no sentences/);
  });
});
