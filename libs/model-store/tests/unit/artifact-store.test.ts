import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import {
  ArtifactStore,
  DigestCache,
  DigestRejectedError,
  LocalModelStore,
  writeArtifactFileSync,
} from '../../src';
import { digestFile } from '../../src/internal/digest-file';

// Counts the reads that hash a file; they still hash it.
jest.mock('../../src/internal/digest-file', () => {
  const actual = jest.requireActual<typeof import('../../src/internal/digest-file')>(
    '../../src/internal/digest-file',
  );
  return { digestFile: jest.fn(actual.digestFile) };
});

describe('ArtifactStore.putFile', () => {
  beforeEach(() => jest.mocked(digestFile).mockClear());

  it('hashes a file once while it is unchanged, and again once it changes', async () => {
    const folder = tempTree({ 'model.bin': 'alpha' });
    const path = join(folder, 'model.bin');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const artifacts = new ArtifactStore(new LocalModelStore({ root: join(folder, 'store') }), {
      digestCache: new DigestCache({ settledMs: 0 }),
    });

    const first = await artifacts.putFile(path);
    expect(await artifacts.putFile(path)).toEqual({ ...first, uploaded: false });
    expect(digestFile).toHaveBeenCalledTimes(1);

    writeFileSync(path, 'alpha, retrained');
    expect((await artifacts.putFile(path)).sha256).not.toBe(first.sha256);
    expect(digestFile).toHaveBeenCalledTimes(2);
  });

  it('hashes a file again when the cache could not trust its times (just written)', async () => {
    const folder = tempTree({ 'model.bin': 'alpha' });
    const path = join(folder, 'model.bin');
    const artifacts = new ArtifactStore(new LocalModelStore({ root: join(folder, 'store') }), {
      digestCache: new DigestCache({ settledMs: 60_000 }),
    });

    await artifacts.putFile(path);
    await artifacts.putFile(path);
    expect(digestFile).toHaveBeenCalledTimes(2);
  });

  it('refuses a stageMinBytes that is not a number of bytes', () => {
    const store = new LocalModelStore({ root: tempTree() });
    expect(() => new ArtifactStore(store, { stageMinBytes: -1 })).toThrow(
      'stageMinBytes -1 is not a number of bytes: use 0 or more, or Infinity to never stage',
    );
  });
});

describe('ArtifactStore.putFile of a file written through the artifact writer', () => {
  beforeEach(() => jest.mocked(digestFile).mockClear());

  it('names the blob by the digest recorded at the write, reading the file only to send it', async () => {
    const folder = tempTree();
    const path = join(folder, 'model.json');
    const cache = new DigestCache();
    const store = new LocalModelStore({ root: join(folder, 'store') });
    const put = jest.spyOn(store, 'put');
    const sha256 = writeArtifactFileSync(path, '{"weights":[0.5]}\n', { digestCache: cache });

    const stored = await new ArtifactStore(store, { digestCache: cache }).putFile(path);

    expect(stored).toMatchObject({ sha256, uploaded: true });
    expect(digestFile).not.toHaveBeenCalled();
    expect(put).toHaveBeenCalledWith(stored.key, path, expect.objectContaining({ sha256 }));
  });

  it('hashes the file and puts it again when the store refuses the recorded digest', async () => {
    const folder = tempTree();
    const path = join(folder, 'model.json');
    const cache = new DigestCache();
    const store = new LocalModelStore({ root: join(folder, 'store') });
    const stale = writeArtifactFileSync(path, 'written', { digestCache: cache });
    // As S3 answers BadDigest when the bytes sent do not have the checksum sent with them.
    const put = jest
      .spyOn(store, 'put')
      .mockRejectedValueOnce(new DigestRejectedError(store.uriOf('blobs/x'), stale));

    const stored = await new ArtifactStore(store, { digestCache: cache }).putFile(path);

    expect(put).toHaveBeenCalledTimes(2);
    expect(digestFile).toHaveBeenCalledTimes(1);
    expect(stored).toMatchObject({ sha256: stale, uploaded: true });
  });

  it('does not retry other failures of the put', async () => {
    const folder = tempTree();
    const path = join(folder, 'model.json');
    const cache = new DigestCache();
    const store = new LocalModelStore({ root: join(folder, 'store') });
    writeArtifactFileSync(path, 'written', { digestCache: cache });
    jest.spyOn(store, 'put').mockRejectedValueOnce(new Error('disk full'));

    await expect(new ArtifactStore(store, { digestCache: cache }).putFile(path)).rejects.toThrow(
      'disk full',
    );
    expect(digestFile).not.toHaveBeenCalled();
  });
});
