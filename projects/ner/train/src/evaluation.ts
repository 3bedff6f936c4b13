import {
  ChunkEvaluator,
  chunksOf,
  convertTags,
  type ChunkEvaluation,
  type TagScheme,
} from '@mesh/sequence';
import type { TaggedSentence } from './data/sentence';

/** How often a gold entity of one type was predicted with the same span as another type (or missed). */
export type TypeConfusion = Record<string, Record<string, number>>;

/** conlleval's figures plus the confusion between types. */
export interface NerEvaluation extends ChunkEvaluation {
  /** `confusion[gold][predicted]`: gold entities by the type of the predicted entity with their span; `O` for none. */
  confusion: TypeConfusion;
  /** Types in the evaluation data that the model never saw in training (scored as misses). */
  unseenTypes: string[];
}

/** The headline metrics of an evaluation, as registered with the version. */
export function metricsOf(evaluation: ChunkEvaluation): Record<string, number> {
  const metrics: Record<string, number> = {
    f1: evaluation.overall.f1,
    precision: evaluation.overall.precision,
    recall: evaluation.overall.recall,
    accuracy: evaluation.accuracy,
  };
  for (const [type, scores] of Object.entries(evaluation.byType)) metrics[`f1_${type}`] = scores.f1;
  return metrics;
}

/**
 * Scores a tagger on gold sentences exactly as conlleval does: the predictions are written in
 * the gold file's own scheme first, so IOB1 data is scored as IOB1 and token accuracy compares
 * like with like.
 */
export function evaluateTagger(
  tag: (tokens: readonly string[]) => string[],
  sentences: readonly TaggedSentence[],
  scheme: TagScheme,
  knownTypes: readonly string[],
  onProgress?: (done: number, total: number) => void,
): NerEvaluation {
  const evaluator = new ChunkEvaluator();
  const confusion: TypeConfusion = {};
  const unseen = new Set<string>();
  sentences.forEach((sentence, i) => {
    const predicted = convertTags(tag(sentence.tokens), scheme);
    evaluator.add(sentence.tags, predicted);
    const byspan = new Map(chunksOf(predicted).map((c) => [`${c.start}:${c.end}`, c.type]));
    for (const chunk of chunksOf(sentence.tags)) {
      if (!knownTypes.includes(chunk.type)) unseen.add(chunk.type);
      const row = (confusion[chunk.type] ??= {});
      const guess = byspan.get(`${chunk.start}:${chunk.end}`) ?? 'O';
      row[guess] = (row[guess] ?? 0) + 1;
    }
    if (onProgress && (i % 500 === 0 || i === sentences.length - 1))
      onProgress(i + 1, sentences.length);
  });
  return { ...evaluator.result(), confusion, unseenTypes: [...unseen].sort() };
}
