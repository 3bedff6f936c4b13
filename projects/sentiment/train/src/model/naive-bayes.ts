import { tokenize } from '../text/tokenize';

/**
 * The unigram multinomial Naive Bayes baseline (Laplace smoothing), over the same tokens as
 * the model without negation marking or n-grams: what the model must clearly beat.
 */
export class NaiveBayesBaseline {
  private constructor(
    readonly labels: string[],
    private readonly logPriors: number[],
    private readonly logLikelihoods: Map<string, number[]>,
  ) {}

  static train(
    examples: ReadonlyArray<{ text: string; label: string }>,
    alpha = 1,
  ): NaiveBayesBaseline {
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    const index = new Map(labels.map((label, k) => [label, k]));
    const docs = new Array<number>(labels.length).fill(0);
    const totals = new Array<number>(labels.length).fill(0);
    const counts = new Map<string, number[]>();
    for (const example of examples) {
      const k = index.get(example.label) as number;
      docs[k]++;
      for (const token of tokenize(example.text)) {
        let row = counts.get(token);
        if (!row) counts.set(token, (row = new Array<number>(labels.length).fill(0)));
        row[k]++;
        totals[k]++;
      }
    }
    const vocabulary = counts.size;
    const denominators = totals.map((total) => Math.log(total + alpha * vocabulary));
    const logLikelihoods = new Map<string, number[]>();
    for (const [token, row] of counts)
      logLikelihoods.set(
        token,
        row.map((count, k) => Math.log(count + alpha) - denominators[k]),
      );
    return new NaiveBayesBaseline(
      labels,
      docs.map((n) => Math.log(n / examples.length)),
      logLikelihoods,
    );
  }

  probabilities(text: string): number[] {
    const scores = this.logPriors.slice();
    for (const token of tokenize(text)) {
      const row = this.logLikelihoods.get(token);
      if (!row) continue; // unseen words carry no evidence
      for (let k = 0; k < scores.length; k++) scores[k] += row[k];
    }
    const max = Math.max(...scores);
    const exp = scores.map((s) => Math.exp(s - max));
    const total = exp.reduce((a, b) => a + b, 0);
    return exp.map((e) => e / total);
  }
}

/** The majority-class baseline: every text gets the most frequent training label. */
export class MajorityBaseline {
  readonly labels: string[];
  private readonly majority: number;

  constructor(examples: ReadonlyArray<{ label: string }>) {
    const counts = new Map<string, number>();
    for (const { label } of examples) counts.set(label, (counts.get(label) ?? 0) + 1);
    this.labels = [...counts.keys()].sort();
    const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    this.majority = this.labels.indexOf(best);
  }

  probabilities(): number[] {
    return this.labels.map((_, k) => (k === this.majority ? 1 : 0));
  }
}
