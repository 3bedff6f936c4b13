import { GroupCommit } from '../../src/store/group-commit';

describe('group commit', () => {
  it('writes what arrives in one turn as one batch, and what arrives meanwhile as the next', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const commit = new GroupCommit<number>({
      write: async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map(() => undefined);
      },
    });
    const first = [1, 2, 3].map((item) => commit.add(item));
    await new Promise((resolve) => setImmediate(resolve));
    // The first batch is being written: these wait for it, then go together.
    const second = [4, 5].map((item) => commit.add(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1, 2, 3]]);
    release();
    await Promise.all([...first, ...second]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    await commit.flushed();
  });

  it("settles each item with its own outcome, or all with the batch's error", async () => {
    let failBatch = false;
    const commit = new GroupCommit<string>({
      write: async (items) => {
        if (failBatch) throw new Error('database gone');
        return items.map((item) => (item === 'taken' ? new Error(`${item} is taken`) : undefined));
      },
    });
    const outcomes = await Promise.allSettled(['a', 'taken', 'b'].map((item) => commit.add(item)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('taken is taken');
    failBatch = true;
    await expect(commit.add('c')).rejects.toThrow('database gone');
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const commit = new GroupCommit<number>({
      maxBatch: 4,
      write: async (items) => {
        sizes.push(items.length);
        return items.map(() => undefined);
      },
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => commit.add(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });
});
