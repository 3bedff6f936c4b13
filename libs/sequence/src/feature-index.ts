/**
 * A vocabulary of feature strings to dense ids, so a model stores one weight row per feature
 * that occurred in training instead of a row per hash bucket. Counting first and freezing with
 * a minimum count drops the rare features that only add memory.
 */
export class FeatureIndex {
  private readonly ids = new Map<string, number>();
  private readonly counts: number[] = [];
  private frozen = false;

  /** An index over a fixed list of features (as saved by {@link FeatureIndex.features}). */
  static from(features: readonly string[]): FeatureIndex {
    const index = new FeatureIndex();
    features.forEach((feature, id) => index.ids.set(feature, id));
    index.frozen = true;
    return index;
  }

  /** Counts one occurrence while the index is open; no effect once frozen. */
  observe(feature: string): void {
    if (this.frozen) return;
    const id = this.ids.get(feature);
    if (id === undefined) {
      this.ids.set(feature, this.counts.length);
      this.counts.push(1);
    } else this.counts[id]++;
  }

  /** Keeps the features seen at least `minCount` times, renumbered densely, and closes the index. */
  freeze(minCount = 1): void {
    if (this.frozen) return;
    const kept = [...this.ids].filter(([, id]) => this.counts[id] >= minCount);
    this.ids.clear();
    kept.forEach(([feature], id) => this.ids.set(feature, id));
    this.counts.length = 0;
    this.frozen = true;
  }

  /** The id of a feature, or -1 when it is unknown (or dropped). */
  id(feature: string): number {
    return this.ids.get(feature) ?? -1;
  }

  /** Number of features. */
  get size(): number {
    return this.ids.size;
  }

  /** Every feature in id order. */
  features(): string[] {
    const list = new Array<string>(this.ids.size);
    for (const [feature, id] of this.ids) list[id] = feature;
    return list;
  }

  /** Maps one token's feature strings to their known ids. */
  encode(features: readonly string[]): number[] {
    const ids: number[] = [];
    for (const feature of features) {
      const id = this.ids.get(feature);
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }
}
