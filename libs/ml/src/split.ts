import { SeededRandom } from './rng';

/** Two disjoint sets of row numbers, each in ascending order. */
export interface Split {
  train: number[];
  test: number[];
}

/**
 * Holds out about `fraction` of the rows of every label (at least one row of each label that
 * has two or more), so both parts keep the label proportions. Seeded: the same labels, fraction
 * and seed give the same split.
 */
export function stratifiedSplit(
  labels: ArrayLike<number | string>,
  fraction: number,
  seed: number,
): Split {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`fraction must be in (0, 1), got ${fraction}`);
  const byLabel = new Map<number | string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const rows = byLabel.get(labels[i]);
    if (rows) rows.push(i);
    else byLabel.set(labels[i], [i]);
  }
  const random = new SeededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  const ordered = [...byLabel.keys()].sort((a, b) => String(a).localeCompare(String(b)));
  for (const label of ordered) {
    const rows = random.shuffle(byLabel.get(label) as number[]);
    const held =
      rows.length < 2
        ? 0
        : Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * fraction)));
    test.push(...rows.slice(0, held));
    train.push(...rows.slice(held));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
