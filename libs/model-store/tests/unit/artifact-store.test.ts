import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { ArtifactStore, DigestCache, LocalModelStore } from '../../src';
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
