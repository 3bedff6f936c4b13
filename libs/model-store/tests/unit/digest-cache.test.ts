import { statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { DigestCache } from '../../src';

const SHA = 'a'.repeat(64);
const SECOND = 1_000_000_000n;

/** A bigint `stat` of a file changed `ageNs` before `now`. */
function stats(now: bigint, ageNs: bigint, change: Partial<BigIntStats> = {}): BigIntStats {
  return {
    dev: 1n,
    ino: 2n,
    size: 100n,
    mtimeNs: now - ageNs,
    ctimeNs: now - ageNs,
    ...change,
  } as BigIntStats;
}

describe('DigestCache', () => {
  const now = 1_800_000_000n * SECOND;

  it('gives back a digest while the file keeps its device, inode, size and times', () => {
    const cache = new DigestCache();
    const file = stats(now, SECOND);
    cache.remember('model.bin', file, file, now, SHA);

    expect(cache.get('model.bin', { ...file } as BigIntStats)).toBe(SHA);
    expect(cache.get('./model.bin', file)).toBe(SHA);
    for (const change of [
      { dev: 9n },
      { ino: 9n },
      { size: 101n },
      { mtimeNs: file.mtimeNs + 1n },
      { ctimeNs: file.ctimeNs + 1n },
    ]) {
      expect(cache.get('model.bin', { ...file, ...change } as BigIntStats)).toBeUndefined();
    }
    expect(cache.get('other.bin', file)).toBeUndefined();
  });

  it('does not remember a file changed during the read or just before it', () => {
    const cache = new DigestCache({ settledMs: 50 });
    const settled = stats(now, SECOND);
    cache.remember('changed.bin', settled, stats(now, 0n), now, SHA);
    expect(cache.get('changed.bin', settled)).toBeUndefined();

    // Changed 10 ms before the read began: a write in the same clock tick could go unseen.
    const fresh = stats(now, 10_000_000n);
    cache.remember('fresh.bin', fresh, fresh, now, SHA);
    expect(cache.get('fresh.bin', fresh)).toBeUndefined();
  });

  it('forgets the least recently remembered file beyond maxEntries', () => {
    const cache = new DigestCache({ maxEntries: 2 });
    const file = stats(now, SECOND);
    for (const name of ['a', 'b', 'c']) cache.remember(name, file, file, now, SHA);
    expect(['a', 'b', 'c'].map((name) => cache.get(name, file))).toEqual([undefined, SHA, SHA]);
  });

  it('matches a real file by its bigint stat until it is rewritten', () => {
    const path = join(tempTree({ 'model.bin': 'alpha' }), 'model.bin');
    const before = statSync(path, { bigint: true });
    const cache = new DigestCache({ settledMs: 0 });
    cache.remember(path, before, before, BigInt(Date.now()) * 1_000_000n + SECOND, SHA);
    expect(cache.get(path, statSync(path, { bigint: true }))).toBe(SHA);

    writeFileSync(path, 'alpha and more');
    expect(cache.get(path, statSync(path, { bigint: true }))).toBeUndefined();
  });

  it('refuses a settling time that is not a number of milliseconds', () => {
    expect(() => new DigestCache({ settledMs: -1 })).toThrow(
      'settledMs -1 is not a number of milliseconds: use 0 or more',
    );
  });
});
