/**
 * The reference of the benchmark: a plain greedy averaged perceptron tagger, the textbook
 * design (string-keyed weights in Maps, a few features per token, the previous two predicted
 * tags as features, left-to-right decoding, no Viterbi, no constraints, fixed 5 epochs).
 */
export class ReferenceTagger {
  private readonly weights = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly stamps = new Map<string, number>();
  private step = 0;
  private classes: string[] = [];

  train(sentences: readonly { tokens: string[]; tags: string[] }[], epochs = 5): void {
    this.classes = [...new Set(sentences.flatMap((s) => s.tags))];
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const { tokens, tags } of sentences) {
        let p1 = '<s>';
        let p2 = '<s>';
        tokens.forEach((_, i) => {
          const features = this.features(tokens, i, p1, p2);
          const guess = this.predictOne(features);
          if (guess !== tags[i]) {
            for (const feature of features) {
              this.update(feature, tags[i], 1);
              this.update(feature, guess, -1);
            }
          }
          this.step++;
          p2 = p1;
          p1 = tags[i];
        });
      }
    }
    for (const [feature, row] of this.weights)
      for (const [tag, weight] of row) {
        const key = `${feature}\u0000${tag}`;
        const total =
          (this.totals.get(key) ?? 0) + (this.step - (this.stamps.get(key) ?? 0)) * weight;
        row.set(tag, total / this.step);
      }
  }

  tag(tokens: readonly string[]): string[] {
    let p1 = '<s>';
    let p2 = '<s>';
    return tokens.map((_, i) => {
      const tag = this.predictOne(this.features(tokens, i, p1, p2));
      p2 = p1;
      p1 = tag;
      return tag;
    });
  }

  private features(tokens: readonly string[], i: number, p1: string, p2: string): string[] {
    const word = tokens[i];
    const lower = word.toLowerCase();
    return [
      'bias',
      `w=${lower}`,
      `s3=${lower.slice(-3)}`,
      `p1=${lower[0]}`,
      `cap=${/^[A-Z]/.test(word)}`,
      `t-1=${p1}`,
      `t-1t-2=${p1}|${p2}`,
      `w-1=${(tokens[i - 1] ?? '<s>').toLowerCase()}`,
      `w+1=${(tokens[i + 1] ?? '</s>').toLowerCase()}`,
    ];
  }

  private predictOne(features: readonly string[]): string {
    const scores = new Map<string, number>();
    for (const feature of features) {
      const row = this.weights.get(feature);
      if (!row) continue;
      for (const [tag, weight] of row) scores.set(tag, (scores.get(tag) ?? 0) + weight);
    }
    let best = this.classes[0] ?? 'O';
    let bestScore = -Infinity;
    for (const tag of this.classes) {
      const score = scores.get(tag) ?? 0;
      if (score > bestScore) [best, bestScore] = [tag, score];
    }
    return best;
  }

  private update(feature: string, tag: string, delta: number): void {
    let row = this.weights.get(feature);
    if (!row) this.weights.set(feature, (row = new Map()));
    const key = `${feature}\u0000${tag}`;
    const weight = row.get(tag) ?? 0;
    this.totals.set(
      key,
      (this.totals.get(key) ?? 0) + (this.step - (this.stamps.get(key) ?? 0)) * weight,
    );
    this.stamps.set(key, this.step);
    row.set(tag, weight + delta);
  }
}
