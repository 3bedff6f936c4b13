/** The saved form of a {@link BayesDatabase}. */
export interface BayesDatabaseFile {
  format: 'cbng-bayes@1';
  /** Edits counted, per class. */
  goodEdits: number;
  badEdits: number;
  /** token -> [legit edits containing it, vandal edits containing it], after pruning. */
  tokens: Record<string, [number, number]>;
}

/** Options of {@link BayesDatabase.prune} and scoring, with the original ClueBot NG values. */
export interface BayesOptions {
  /** Tokens seen in fewer edits are dropped. Default: 3. */
  minEdits: number;
  /** Tokens whose vandal-ness is within this of 0.5 are dropped. Default: 0.15. */
  minDeviation: number;
  /** Strongest tokens combined per edit. Default: 20. */
  strongestTokens: number;
  /** Weight of the 0.5 prior in the corrected probability `(s·0.5 + n·p)/(s + n)`. Default: 4. */
  priorStrength: number;
}

export const BAYES_DEFAULTS: BayesOptions = {
  minEdits: 3,
  minDeviation: 0.15,
  strongestTokens: 20,
  priorStrength: 4,
};

/** A Bayesian token score and how much evidence it rests on. */
export interface BayesScore {
  /** Combined probability that the edit is vandalism, in (0, 1); 0.5 without evidence. */
  score: number;
  /** `log(score / (1 − score))`, unbounded: keeps strong evidence apart where score rounds to 0 or 1. */
  logOdds: number;
  /** Tokens of the edit found in the database. */
  matched: number;
}

/**
 * A Bayesian token database (Graham's "plan for spam" as used by ClueBot NG): per token, the
 * number of legit and vandal edits that added it. A token's vandal-ness is normalised by the
 * number of edits of each class, so an unbalanced training set does not tilt every token.
 */
export class BayesDatabase {
  private constructor(
    private goodEdits: number,
    private badEdits: number,
    private readonly tokens: Map<string, [number, number]>,
    private readonly options: BayesOptions,
  ) {}

  static empty(options: Partial<BayesOptions> = {}): BayesDatabase {
    return new BayesDatabase(0, 0, new Map(), { ...BAYES_DEFAULTS, ...options });
  }

  /** Counts one edit's tokens (each once per edit). */
  add(tokens: Iterable<string>, isVandalism: boolean): void {
    if (isVandalism) this.badEdits++;
    else this.goodEdits++;
    for (const token of new Set(tokens)) {
      let counts = this.tokens.get(token);
      if (!counts) this.tokens.set(token, (counts = [0, 0]));
      counts[isVandalism ? 1 : 0]++;
    }
  }

  get size(): number {
    return this.tokens.size;
  }

  /** Vandal-ness of a token from its counts, normalised by class sizes. */
  private probability(counts: [number, number]): number {
    const good = counts[0] / Math.max(1, this.goodEdits);
    const bad = counts[1] / Math.max(1, this.badEdits);
    return bad / (good + bad);
  }

  /** Drops the tokens seen in fewer than `minEdits` edits or with vandal-ness near 0.5. */
  prune(): this {
    for (const [token, counts] of this.tokens) {
      if (
        counts[0] + counts[1] < this.options.minEdits ||
        Math.abs(this.probability(counts) - 0.5) < this.options.minDeviation
      )
        this.tokens.delete(token);
    }
    return this;
  }

  /**
   * Scores an edit's tokens: each known token's corrected probability `(4·0.5 + n·p)/(4 + n)`
   * (n = edits it was seen in), the 20 farthest from 0.5 combined as
   * `Πp / (Πp + Π(1−p))`, in log space so that long products do not underflow.
   */
  score(tokens: Iterable<string>): BayesScore {
    const strengths: number[] = [];
    for (const token of new Set(tokens)) {
      const counts = this.tokens.get(token);
      if (!counts) continue;
      const n = counts[0] + counts[1];
      const s = this.options.priorStrength;
      strengths.push((s * 0.5 + n * this.probability(counts)) / (s + n));
    }
    if (strengths.length === 0) return { score: 0.5, logOdds: 0, matched: 0 };
    strengths.sort((a, b) => Math.abs(b - 0.5) - Math.abs(a - 0.5));
    let logOdds = 0;
    for (const p of strengths.slice(0, this.options.strongestTokens)) {
      const clamped = Math.min(1 - 1e-6, Math.max(1e-6, p));
      logOdds += Math.log(clamped) - Math.log(1 - clamped);
    }
    return { score: 1 / (1 + Math.exp(-logOdds)), logOdds, matched: strengths.length };
  }

  toJSON(): BayesDatabaseFile {
    const tokens: Record<string, [number, number]> = {};
    for (const token of [...this.tokens.keys()].sort()) tokens[token] = this.tokens.get(token)!;
    return { format: 'cbng-bayes@1', goodEdits: this.goodEdits, badEdits: this.badEdits, tokens };
  }

  static fromJSON(file: BayesDatabaseFile, options: Partial<BayesOptions> = {}): BayesDatabase {
    if (file?.format !== 'cbng-bayes@1')
      throw new Error(`not a cbng Bayes database (format ${String(file?.format)})`);
    return new BayesDatabase(file.goodEdits, file.badEdits, new Map(Object.entries(file.tokens)), {
      ...BAYES_DEFAULTS,
      ...options,
    });
  }
}
