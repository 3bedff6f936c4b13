import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LocalModelStore } from '@mesh/model-store';
import { tempTree } from '@mesh/testing';
import { describeModelStoreContract, MiB } from './model-store-contract';

jest.setTimeout(30_000);

describeModelStoreContract('LocalModelStore', async () => {
  const store = new LocalModelStore({ root: join(tempTree(), 'store') });
  return {
    store,
    overwrite: async (key, bytes) => writeFileSync(store.pathOf(key), bytes),
    leftovers: async () => filesUnder(store.root).filter((path) => path.endsWith('.partial')),
  };
});

describe('LocalModelStore', () => {
  test('keeps objects as files under its root, named by file:// URIs', async () => {
    const root = tempTree();
    const store = new LocalModelStore({ root });
    await store.put('models/a.txt', join(tempTree({ 'a.txt': 'alpha' }), 'a.txt'));

    expect(filesUnder(root)).toEqual(['models/a.txt']);
    expect(store.uri).toBe(`file://${root}`);
    expect(store.uriOf('models/a.txt')).toBe(`file://${root}/models/a.txt`);
    expect(await store.presign('models/a.txt', 60)).toBeUndefined();
  });

  test('never shows a partly written object: bytes go to a hidden file renamed at the end', async () => {
    const store = new LocalModelStore({ root: tempTree() });
    const source = join(tempTree(), 'large.bin');
    writeFileSync(source, Buffer.alloc(4 * MiB, 1));
    const seen: string[][] = [];

    await store.put('models/large.bin', source, {
      onProgress: () => {
        expect(existsSync(store.pathOf('models/large.bin'))).toBe(false);
        seen.push(filesUnder(store.root));
      },
    });

    // The hidden file, and the lock naming this process as its writer (for gc).
    expect(seen.at(-1)).toEqual([
      expect.stringMatching(/^models\/\.large\.bin\.[0-9a-f]{12}\.partial$/),
      expect.stringMatching(/^models\/\.large\.bin\.[0-9a-f]{12}\.partial\.lock$/),
    ]);
    expect(filesUnder(store.root)).toEqual(['models/large.bin']);
  });

  test('lists nothing, and finds nothing, before the first put', async () => {
    const store = new LocalModelStore({ root: join(tempTree(), 'not-yet') });
    expect(await store.head('a')).toBeUndefined();
    for await (const object of store.list('')) throw new Error(`unexpected ${object.key}`);
  });
});

/** Every file under `root`, as `/`-separated paths relative to it. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}
