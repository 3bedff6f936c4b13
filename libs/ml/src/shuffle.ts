/**
 * Shuffles `items` in place (Fisher–Yates, from the last item down) with the given generator of
 * floats in [0, 1), and returns it. Each swap draws exactly one number, so a seeded generator
 * always gives the same permutation.
 */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i];
    items[i] = items[j];
    items[j] = swap;
  }
  return items;
}
