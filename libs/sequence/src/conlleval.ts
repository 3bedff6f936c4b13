import { endsChunk, parseTag, startsChunk, type ParsedTag } from './tags';

/** Precision, recall and F1 of one entity type (or all), as fractions in [0, 1]. */
export interface ChunkScores {
  precision: number;
  recall: number;
  f1: number;
  /** Chunks in the gold tags. */
  gold: number;
  /** Chunks in the predicted tags. */
  predicted: number;
  /** Predicted chunks with the gold chunk's exact span and type. */
  correct: number;
}

/** What `conlleval` reports: entity-level scores overall and per type, and token accuracy. */
export interface ChunkEvaluation {
  overall: ChunkScores;
  /** Per entity type found in the gold or the predicted tags. */
  byType: Record<string, ChunkScores>;
  /** Share of tokens whose predicted tag equals the gold tag. */
  accuracy: number;
  tokens: number;
  sentences: number;
}

interface Counts {
  gold: number;
  predicted: number;
  correct: number;
}

const OUTSIDE: ParsedTag = { prefix: 'O', type: '' };

/**
 * Scores predicted tags against gold tags exactly as the CoNLL shared-task script `conlleval`
 * does: a chunk counts as correct when it starts and ends at the same tokens with the same
 * type in both, chunk boundaries read with conlleval's start/end rules (so IOB1, IOB2 and
 * BIOES are all read as the script reads them), sentence boundaries closing every chunk.
 * Token accuracy compares whole tags. Gold and predictions should use the same scheme.
 */
export class ChunkEvaluator {
  private readonly overall: Counts = { gold: 0, predicted: 0, correct: 0 };
  private readonly types = new Map<string, Counts>();
  private tokens = 0;
  private correctTags = 0;
  private sentences = 0;

  /** Adds one sentence. Throws when the lengths differ or a tag belongs to no scheme. */
  add(gold: readonly string[], predicted: readonly string[]): void {
    if (gold.length !== predicted.length)
      throw new Error(
        `a sentence has ${gold.length} gold tags but ${predicted.length} predicted tags`,
      );
    this.sentences++;
    let lastGold = OUTSIDE;
    let lastGuess = OUTSIDE;
    let inCorrect = false;
    for (let i = 0; i <= gold.length; i++) {
      const boundary = i === gold.length;
      const g = boundary ? OUTSIDE : parseTag(gold[i]);
      const p = boundary ? OUTSIDE : parseTag(predicted[i]);
      const goldEnds = endsChunk(lastGold, g);
      const guessEnds = endsChunk(lastGuess, p);
      if (inCorrect) {
        if (goldEnds && guessEnds && lastGuess.type === lastGold.type) {
          inCorrect = false;
          this.count(lastGold.type, 'correct');
        } else if (goldEnds !== guessEnds || p.type !== g.type) inCorrect = false;
      }
      if (boundary) break;
      const goldStarts = startsChunk(lastGold, g);
      const guessStarts = startsChunk(lastGuess, p);
      if (goldStarts && guessStarts && p.type === g.type) inCorrect = true;
      if (goldStarts) this.count(g.type, 'gold');
      if (guessStarts) this.count(p.type, 'predicted');
      this.tokens++;
      if (gold[i] === predicted[i]) this.correctTags++;
      lastGold = g;
      lastGuess = p;
    }
  }

  /** The scores of every sentence added so far. */
  result(): ChunkEvaluation {
    const byType: Record<string, ChunkScores> = {};
    for (const type of [...this.types.keys()].sort()) byType[type] = scores(this.types.get(type)!);
    return {
      overall: scores(this.overall),
      byType,
      accuracy: this.tokens === 0 ? 0 : this.correctTags / this.tokens,
      tokens: this.tokens,
      sentences: this.sentences,
    };
  }

  private count(type: string, field: keyof Counts): void {
    this.overall[field]++;
    let counts = this.types.get(type);
    if (!counts) this.types.set(type, (counts = { gold: 0, predicted: 0, correct: 0 }));
    counts[field]++;
  }
}

/** Scores a whole set of sentences at once (see {@link ChunkEvaluator}). */
export function evaluateChunks(
  sentences: Iterable<{ gold: readonly string[]; predicted: readonly string[] }>,
): ChunkEvaluation {
  const evaluator = new ChunkEvaluator();
  for (const { gold, predicted } of sentences) evaluator.add(gold, predicted);
  return evaluator.result();
}

function scores({ gold, predicted, correct }: Counts): ChunkScores {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold, predicted, correct };
}
