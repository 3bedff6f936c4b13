import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { tempTree } from '@mesh/testing';
import {
  ArtifactWriteStream,
  createArtifactWriteStream,
  DigestCache,
  writeArtifactFileSync,
} from '../../src';

const sha256Of = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');
const statsOf = (path: string) => statSync(path, { bigint: true });

describe('writeArtifactFileSync', () => {
  it('writes the file and records the sha256 of its bytes against it', () => {
    const folder = tempTree();
    const path = join(folder, 'model.json');
    const cache = new DigestCache();

    const sha256 = writeArtifactFileSync(path, '{"weights":[1,2,3]}\n', { digestCache: cache });

    expect(readFileSync(path, 'utf8')).toBe('{"weights":[1,2,3]}\n');
    expect(sha256).toBe(sha256Of('{"weights":[1,2,3]}\n'));
    expect(cache.get(path, statsOf(path))).toBe(sha256);
  });

  it('hashes only the bytes a typed array views, not its whole buffer', () => {
    const folder = tempTree();
    const path = join(folder, 'weights.bin');
    const cache = new DigestCache();
    const whole = new Float32Array([1, 2, 3, 4]);
    const view = whole.subarray(1, 3);

    const sha256 = writeArtifactFileSync(path, view, { digestCache: cache });

    const written = readFileSync(path);
    expect(written.length).toBe(8);
    expect(sha256).toBe(sha256Of(written));
  });

  it('with atomic, renames a temporary file into place and records the renamed file', () => {
    const folder = tempTree({ 'model.json': 'old' });
    const path = join(folder, 'model.json');
    const cache = new DigestCache();

    const sha256 = writeArtifactFileSync(path, 'new', { digestCache: cache, atomic: true });

    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(folder)).toEqual(['model.json']);
    expect(cache.get(path, statsOf(path))).toBe(sha256);
  });

  it('forgets what it knew of the file when a write to it fails, leaving the file as it was', () => {
    const folder = tempTree();
    const path = join(folder, 'model.json');
    const cache = new DigestCache();
    writeArtifactFileSync(path, 'old', { digestCache: cache });
    const stats = statsOf(path);
    // A directory where the temporary file goes makes the write fail.
    mkdirSync(`${path}.tmp-${process.pid}`);

    expect(() => writeArtifactFileSync(path, 'new', { digestCache: cache, atomic: true })).toThrow(
      /EISDIR/,
    );
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(cache.get(path, stats)).toBeUndefined();
  });

  it('leaves no entry once the file changes after the write', () => {
    const folder = tempTree();
    const path = join(folder, 'model.json');
    const cache = new DigestCache();
    writeArtifactFileSync(path, 'alpha', { digestCache: cache });

    writeFileSync(path, 'alpha, longer');
    expect(cache.get(path, statsOf(path))).toBeUndefined();
  });
});

describe('ArtifactWriteStream', () => {
  it('hashes every chunk, small writes included, and records the digest once closed', async () => {
    const folder = tempTree();
    const path = join(folder, 'features.jsonl');
    const cache = new DigestCache();
    const lines = Array.from({ length: 5000 }, (_, index) => `{"edit":${index}}\n`);

    const stream = createArtifactWriteStream(path, { digestCache: cache });
    for (const line of lines) stream.write(line);
    stream.end();
    await new Promise((resolve) => stream.once('finish', resolve));

    const expected = sha256Of(lines.join(''));
    expect(readFileSync(path, 'utf8')).toBe(lines.join(''));
    expect(stream.sha256).toBe(expected);
    expect(cache.get(path, statsOf(path))).toBe(expected);
  });

  it('works as the end of a pipeline, with backpressure', async () => {
    const folder = tempTree();
    const path = join(folder, 'big.bin');
    const cache = new DigestCache();
    const chunks = Array.from({ length: 40 }, (_, index) => Buffer.alloc(256 * 1024, index));

    const stream = new ArtifactWriteStream(path, { digestCache: cache });
    await pipeline(Readable.from(chunks), stream);

    expect(statSync(path).size).toBe(40 * 256 * 1024);
    expect(cache.get(path, statsOf(path))).toBe(sha256Of(Buffer.concat(chunks)));
  });

  it('fails with the file error and records nothing', async () => {
    const folder = tempTree();
    const path = join(folder, 'missing', 'model.bin');
    const cache = new DigestCache();

    const stream = createArtifactWriteStream(path, { digestCache: cache });
    await expect(pipeline(Readable.from([Buffer.from('x')]), stream)).rejects.toThrow(/ENOENT/);
    expect(stream.sha256).toBeUndefined();
  });
});
