import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { DataError } from '@mesh/data';
import { tempTree } from '@mesh/testing';
import { detectFormat, readExamples } from '../../src/data/read-examples';
import { parseLabelMap } from '../../src/data/example';

async function tarGz(files: Record<string, string | Buffer>): Promise<Buffer> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name }, content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
  return gzipSync(Buffer.concat(chunks));
}

async function failure(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

const pairs = (set: { examples: Array<{ text: string; label: string }> }) =>
  set.examples.map(({ text, label }) => [text, label]);

describe('readExamples: formats', () => {
  it('reads JSONL, plain and .gz, with numeric labels renamed by LABEL_MAP', async () => {
    const jsonl = '{"text":"great fun","label":1}\n\n{"text":"awful","label":0}\n';
    const dir = tempTree({ 'a.jsonl': jsonl, 'a.jsonl.gz': gzipSync(jsonl) });
    const labelMap = parseLabelMap('0=negative,1=positive');
    const plain = await readExamples('a.jsonl', { cwd: dir, labelMap });
    expect(pairs(plain)).toEqual([
      ['great fun', 'positive'],
      ['awful', 'negative'],
    ]);
    expect(plain.examples[1].line).toBe(3);
    const gz = await readExamples(`file://${join(dir, 'a.jsonl.gz')}`, { labelMap });
    expect(pairs(gz)).toEqual(pairs(plain));
    expect(gz.digest).not.toBe(plain.digest);
  });

  it('reads TSV with a header naming the columns, quotes being ordinary characters', async () => {
    const dir = tempTree({
      'dev.tsv': 'sentence\tlabel\nit \'s a "charming" film \t1\nflat and dull\t0\n',
    });
    expect(pairs(await readExamples('dev.tsv', { cwd: dir }))).toEqual([
      ['it \'s a "charming" film ', '1'],
      ['flat and dull', '0'],
    ]);
  });

  it('reads RFC 4180 CSV with quoted commas, quotes and newlines; TEXT_FIELD and LABEL_FIELD pick columns', async () => {
    const csv = 'id,review,stars\n1,"Good, ""really"" good\nsecond line",pos\n2,bad,neg\n';
    const dir = tempTree({ 'r.csv': csv });
    const set = await readExamples('r.csv', { cwd: dir, textField: 'review', labelField: 'stars' });
    expect(pairs(set)).toEqual([
      ['Good, "really" good\nsecond line', 'pos'],
      ['bad', 'neg'],
    ]);
  });

  it('reads a <label>/*.txt folder tree and the same tree as .tar.gz, skipping unsup and other files', async () => {
    const files = {
      'train/pos/1_9.txt': 'A joy.<br /><br />Loved it.',
      'train/neg/2_1.txt': 'Dreadful.',
      'train/unsup/3_0.txt': 'No label.',
      'train/urls_pos.txt': 'http://example.org',
      'test/pos/9_8.txt': 'Held back.',
    };
    const dir = tempTree({ ...files, 'reviews.tar.gz': await tarGz(files) });
    const ignoreLabels = ['unsup'];
    const tree = await readExamples('train', { cwd: dir, ignoreLabels });
    expect(pairs(tree).sort()).toEqual([
      ['A joy.<br /><br />Loved it.', 'pos'],
      ['Dreadful.', 'neg'],
    ]);
    const archive = await readExamples('reviews.tar.gz#train', { cwd: dir, ignoreLabels });
    expect(pairs(archive).sort()).toEqual(pairs(tree).sort());
    expect(archive.format).toBe('folder');
  });

  it('detects formats by name and needs DATA_FORMAT otherwise', () => {
    expect(detectFormat('x/train.jsonl.gz', false)).toBe('jsonl');
    expect(detectFormat('https://h/x.tsv', false)).toBe('tsv');
    expect(detectFormat('a.tgz#train', false)).toBe('folder');
    expect(detectFormat('data.txt', false)).toBeUndefined();
  });
});

describe('readExamples: bad input names the file and line', () => {
  it('a missing label column', async () => {
    const dir = tempTree({ 'a.tsv': 'sentence\tscore_x\nfine\t1\n' });
    const error = await failure(readExamples('a.tsv', { cwd: dir }));
    expect(error.message).toMatch(
      /a\.tsv:1: no label field .*found "sentence", "score_x": set LABEL_FIELD/,
    );
  });

  it('an unknown format', async () => {
    const dir = tempTree({ 'a.dat': 'x' });
    expect((await failure(readExamples('a.dat', { cwd: dir }))).message).toMatch(
      /unknown data format.*DATA_FORMAT/,
    );
  });

  it('an empty document', async () => {
    const dir = tempTree({ 'a.jsonl': '{"text":"ok","label":"p"}\n{"text":"  ","label":"n"}\n' });
    expect((await failure(readExamples('a.jsonl', { cwd: dir }))).message).toMatch(
      /a\.jsonl:2: the document in "text" is empty/,
    );
  });

  it('a file that is not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"text":"ok","label":"p"}\n{"text":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('","label":"n"}\n'),
    ]);
    const dir = tempTree({
      'a.jsonl': bytes,
      'b.csv': Buffer.concat([Buffer.from('text,label\n'), bytes]),
    });
    expect((await failure(readExamples('a.jsonl', { cwd: dir }))).message).toMatch(
      /a\.jsonl:2: is not valid UTF-8/,
    );
    expect((await failure(readExamples('b.csv', { cwd: dir }))).message).toMatch(
      /b\.csv: is not valid UTF-8/,
    );
  });

  it('a truncated .gz', async () => {
    const whole = gzipSync('{"text":"ok","label":"p"}\n'.repeat(2000));
    const dir = tempTree({ 'a.jsonl.gz': whole.subarray(0, whole.length - 20) });
    expect((await failure(readExamples('a.jsonl.gz', { cwd: dir }))).message).toMatch(
      /a\.jsonl\.gz: is not a complete gzip file/,
    );
  });

  it('a folder tree with no label folders', async () => {
    const dir = tempTree({
      'flat/one.txt': 'text',
      'flat.tar.gz': await tarGz({ 'one.txt': 'text' }),
    });
    expect((await failure(readExamples('flat', { cwd: dir }))).message).toMatch(
      /flat: has no <label>\/\*\.txt documents/,
    );
    expect((await failure(readExamples('flat.tar.gz', { cwd: dir }))).message).toMatch(
      /has no <label>\/\*\.txt documents/,
    );
  });

  it('a document in a tree that is not UTF-8 or empty, by file name', async () => {
    const dir = tempTree({ 'bad/pos/1.txt': Buffer.from([0x61, 0xff]), 'empty/neg/2.txt': ' ' });
    expect((await failure(readExamples('bad', { cwd: dir }))).message).toMatch(
      /bad \(pos\/1\.txt\): is not valid UTF-8/,
    );
    expect((await failure(readExamples('empty', { cwd: dir }))).message).toMatch(
      /neg\/2\.txt is an empty document/,
    );
  });

  it('a LABEL_MAP pair without =', () => {
    expect(() => parseLabelMap('0=negative,1')).toThrow(/"1" is not a from=to pair/);
  });
});
