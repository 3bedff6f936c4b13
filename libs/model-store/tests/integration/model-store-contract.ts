// The behaviour every ModelStore promises, run against each implementation by its own suite.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { text } from 'node:stream/consumers';
import {
  ArtifactStore,
  ChecksumMismatchError,
  ObjectNotFoundError,
  type ModelStore,
  type StoredObject,
} from '@mesh/model-store';
import { tempTree } from '@mesh/testing';

export const MiB = 1024 * 1024;

/** A store under test and a way round it to its backing storage. */
export interface ContractStore {
  /** A store with nothing in it, whose uploads use parts of at most 5 MiB. */
  store: ModelStore;
  /** Replaces the bytes stored under `key` behind the store's back (a damaged object). */
  overwrite(key: string, bytes: Buffer): Promise<void>;
  /** What a failed upload could leave in the backend: open multipart uploads, temporary files. */
  leftovers(): Promise<string[]>;
}

export function describeModelStoreContract(
  name: string,
  create: () => Promise<ContractStore>,
): void {
  describe(`${name}: the ModelStore contract`, () => {
    let backend: ContractStore;
    let store: ModelStore;
    let files: string;

    beforeEach(async () => {
      backend = await create();
      store = backend.store;
      files = tempTree();
    });

    const file = (path: string, content: string | Buffer): string => {
      writeFileSync(join(files, path), content);
      return join(files, path);
    };

    test('puts, heads, gets, lists and deletes objects', async () => {
      await store.put('models/a.txt', file('a.txt', 'alpha'));
      await store.put('models/nested/b.txt', file('b.txt', 'bravo!'));
      await store.put('other/c.txt', file('c.txt', 'charlie'));

      expect(await text(await store.get('models/a.txt'))).toBe('alpha');
      const head = await store.head('models/nested/b.txt');
      expect(head).toMatchObject({ key: 'models/nested/b.txt', size: 6 });
      expect(head?.lastModified).toBeInstanceOf(Date);
      expect(await store.head('models/missing.txt')).toBeUndefined();
      expect(keys(await all(store.list('models/')))).toEqual([
        'models/a.txt',
        'models/nested/b.txt',
      ]);
      expect(keys(await all(store.list('models/nes')))).toEqual(['models/nested/b.txt']);
      expect(keys(await all(store.list('')))).toEqual([
        'models/a.txt',
        'models/nested/b.txt',
        'other/c.txt',
      ]);
      expect((await all(store.list('other/')))[0]).toMatchObject({ key: 'other/c.txt', size: 7 });

      await store.delete('models/a.txt');
      expect(await store.head('models/a.txt')).toBeUndefined();
      const error = await store.get('models/a.txt').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect((error as Error).message).toBe(`${store.uriOf('models/a.txt')} does not exist`);
      await expect(store.delete('models/a.txt')).resolves.toBeUndefined();
      expect(keys(await all(store.list('')))).toEqual(['models/nested/b.txt', 'other/c.txt']);
    });

    test('replaces an object put again under the same key', async () => {
      await store.put('model.json', file('v1.json', '{"v":1}'));
      await store.put('model.json', file('v2.json', '{"version":2}'));
      expect(await text(await store.get('model.json'))).toBe('{"version":2}');
      expect(await store.head('model.json')).toMatchObject({ size: 13 });
    });

    test('names objects by URI inside the store URI', () => {
      expect(store.uriOf('blobs/x')).toBe(`${store.uri}/blobs/x`);
    });

    test('refuses keys that are not relative "/"-separated paths', async () => {
      const path = file('a.txt', 'a');
      for (const key of ['../escape', '/absolute', 'a//b', 'a/./b', '']) {
        await expect(store.put(key, path)).rejects.toThrow(/is not a valid store key/);
        await expect(store.head(key)).rejects.toThrow(RangeError);
      }
    });

    test('stores an artifact under its sha256 once and reuses it, sending no bytes', async () => {
      const content = randomBytes(100_000);
      const sha256 = sha256Of(content);
      const path = file('model.bin', content);
      const artifacts = new ArtifactStore(store);

      const first = await artifacts.putFile(path);
      const key = `blobs/sha256/${sha256.slice(0, 2)}/${sha256}`;
      expect(first).toEqual({ sha256, size: 100_000, key, uri: store.uriOf(key), uploaded: true });

      const counted = countPuts(store);
      const onProgress = jest.fn();
      const again = await new ArtifactStore(counted.store).putFile(path, { onProgress });
      expect(again).toEqual({ ...first, uploaded: false });
      expect(counted.puts).toBe(0);
      expect(onProgress).not.toHaveBeenCalled();
      expect(await all(artifacts.listBlobs())).toEqual([
        { sha256, size: 100_000, lastModified: expect.any(Date) },
      ]);
    });

    test('downloads an artifact by digest, and deletes it', async () => {
      const content = randomBytes(70_000);
      const artifacts = new ArtifactStore(store);
      const { sha256 } = await artifacts.putFile(file('model.bin', content));
      const destination = join(files, 'downloads', 'nested', 'model.bin');

      await artifacts.download(`sha256:${sha256}`, destination, { expectedSize: 70_000 });
      expect(sha256Of(readFileSync(destination))).toBe(sha256);

      await artifacts.deleteBlob(sha256);
      expect(await all(artifacts.listBlobs())).toEqual([]);
      const missing = join(files, 'missing.bin');
      await expect(artifacts.download(sha256, missing)).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect(existsSync(missing)).toBe(false);
    });

    test('round-trips a file larger than one part, reporting progress up to its size', async () => {
      const content = randomBytes(12 * MiB);
      const events: Array<[number, number]> = [];
      const artifacts = new ArtifactStore(store);

      const stored = await artifacts.putFile(file('large.bin', content), {
        onProgress: (loaded, total) => events.push([loaded, total]),
      });
      expect(stored).toMatchObject({ sha256: sha256Of(content), size: 12 * MiB, uploaded: true });
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(events.at(-1)).toEqual([12 * MiB, 12 * MiB]);
      const loaded = events.map(([bytes]) => bytes);
      expect(loaded).toEqual([...loaded].sort((a, b) => a - b));

      const destination = join(files, 'large.copy');
      await artifacts.download(stored.sha256, destination);
      expect(sha256Of(readFileSync(destination))).toBe(stored.sha256);
    });

    test('refuses a damaged blob on download, naming both digests, and writes nothing', async () => {
      const content = randomBytes(50_000);
      const artifacts = new ArtifactStore(store);
      const stored = await artifacts.putFile(file('model.bin', content));
      const damaged = Buffer.from(content);
      damaged[1000] ^= 0xff;
      await backend.overwrite(stored.key, damaged);
      const destination = join(files, 'out', 'model.bin');

      const error = await artifacts.download(stored.sha256, destination).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChecksumMismatchError);
      const message = (error as Error).message;
      expect(message).toContain(stored.uri);
      expect(message).toContain(
        `expected sha256:${stored.sha256}, got sha256:${sha256Of(damaged)}`,
      );
      expect(existsSync(destination)).toBe(false);
      expect(readdirSync(dirname(destination))).toEqual([]);
    });

    test('never reuses a damaged blob of the same size: it is re-hashed and replaced', async () => {
      const content = randomBytes(50_000);
      const artifacts = new ArtifactStore(store);
      const path = file('model.bin', content);
      const stored = await artifacts.putFile(path);
      expect(await artifacts.putFile(path)).toMatchObject({ uploaded: false });
      const damaged = Buffer.from(content);
      damaged[1000] ^= 0xff;
      await backend.overwrite(stored.key, damaged);
      expect(await artifacts.verifyBlob(stored.sha256)).toEqual({
        status: 'damaged',
        size: 50_000,
        actualSha256: sha256Of(damaged),
      });

      expect(await artifacts.putFile(path)).toMatchObject({ uploaded: true });
      expect(await artifacts.verifyBlob(stored.sha256)).toEqual({ status: 'ok', size: 50_000 });
      const destination = join(files, 'again', 'model.bin');
      await artifacts.download(stored.sha256, destination);
      expect(readFileSync(destination)).toEqual(content);
      await artifacts.deleteBlob(stored.sha256);
      expect(await artifacts.verifyBlob(stored.sha256)).toEqual({ status: 'missing' });
    });

    test('leaves no object and nothing half-done when an upload is cancelled', async () => {
      const path = file('large.bin', randomBytes(12 * MiB));
      const controller = new AbortController();
      const error = await store
        .put('models/large.bin', path, {
          signal: controller.signal,
          onProgress: () => controller.abort(),
        })
        .catch((caught: unknown) => caught);

      expect((error as Error).name).toBe('AbortError');
      expect(await store.head('models/large.bin')).toBeUndefined();
      expect(await all(store.list(''))).toEqual([]);
      expect(await backend.leftovers()).toEqual([]);
    });

    test('does not start an upload whose signal is already aborted', async () => {
      const error = await store
        .put('model.json', file('model.json', '{}'), { signal: AbortSignal.abort() })
        .catch((caught: unknown) => caught);
      expect((error as Error).name).toBe('AbortError');
      expect(await store.head('model.json')).toBeUndefined();
    });
  });
}

export function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
}

function keys(objects: StoredObject[]): string[] {
  return objects.map((object) => object.key).sort();
}

/** A store that counts the puts it passes on. */
function countPuts(store: ModelStore): { store: ModelStore; puts: number } {
  const counted = {
    puts: 0,
    store: {
      uri: store.uri,
      put: (key, path, options) => {
        counted.puts++;
        return store.put(key, path, options);
      },
      get: (key) => store.get(key),
      head: (key) => store.head(key),
      list: (prefix) => store.list(prefix),
      delete: (key) => store.delete(key),
      presign: (key, seconds) => store.presign(key, seconds),
      uriOf: (key) => store.uriOf(key),
    } satisfies ModelStore,
  };
  return counted;
}
