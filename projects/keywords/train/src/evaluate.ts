import { yieldToInterrupts } from '@mesh/pipeline';
import type { KeywordModel } from './model/keyword-model';
import type { EvaluationRecord } from './records';
import { normalizePhrase } from './text/stem';
import type { Language } from './text/languages';

/** Precision, recall and F1 at k, macro-averaged over documents. */
export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  documents: number;
}

/** Overall scores and the same per language. */
export interface Evaluation {
  overall: Scores;
  byLanguage: Partial<Record<Language, Scores>>;
}

/** Documents scored between two yields to pending signal handlers. */
const YIELD_EVERY = 200;

/**
 * The field's strict scores of one document: P@k = hits / k (a method that returns fewer than
 * k phrases is not rewarded for it), R@k = hits / |gold|, F1@k their harmonic mean. Predicted
 * keys are deduplicated, in order, and cut at k.
 */
export function scoreAtK(
  predicted: readonly string[],
  gold: ReadonlySet<string>,
  k: number,
): { precision: number; recall: number; f1: number } {
  const top = [...new Set(predicted)].slice(0, k);
  const hits = top.filter((key) => gold.has(key)).length;
  const precision = hits / k;
  const recall = gold.size === 0 ? 0 : hits / gold.size;
  const f1 = hits === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** A record's gold keyphrases, normalised as candidate keys are. */
export function goldKeys(record: Pick<EvaluationRecord, 'keyphrases' | 'lang'>): Set<string> {
  return new Set(record.keyphrases.map((phrase) => normalizePhrase(phrase, record.lang)));
}

/**
 * Scores the model's top-k keyphrases against the gold ones, the way keyphrase extraction is
 * evaluated in the field: both sides lowercased and stemmed (Snowball), exact match of the
 * normalised phrases, strict precision (hits / k), recall and F1 per document, macro-averaged.
 */
export async function evaluate(
  model: KeywordModel,
  records: readonly EvaluationRecord[],
  topN: number,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Evaluation> {
  return evaluateRanking(
    records,
    topN,
    (record) =>
      model
        .extract(record.text, { language: record.lang, topN, title: record.title })
        .map((keyphrase) => keyphrase.key),
    onProgress,
    signal,
  );
}

/** {@link evaluate} for any ranking of a record's candidate keys (baselines use it too). */
export async function evaluateRanking(
  records: readonly EvaluationRecord[],
  topN: number,
  rank: (record: EvaluationRecord) => string[],
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Evaluation> {
  const perDocument: Array<{ lang: Language; precision: number; recall: number; f1: number }> = [];
  for (const [index, record] of records.entries()) {
    if (signal && index % YIELD_EVERY === 0) await yieldToInterrupts(signal);
    perDocument.push({ lang: record.lang, ...scoreAtK(rank(record), goldKeys(record), topN) });
    onProgress?.(index + 1, records.length);
  }

  const average = (scores: typeof perDocument): Scores => {
    const mean = (pick: (score: (typeof perDocument)[number]) => number) =>
      scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + pick(score), 0) / scores.length;
    return {
      precision: mean((s) => s.precision),
      recall: mean((s) => s.recall),
      f1: mean((s) => s.f1),
      documents: scores.length,
    };
  };
  const byLanguage: Evaluation['byLanguage'] = {};
  for (const language of new Set(perDocument.map((score) => score.lang))) {
    byLanguage[language] = average(perDocument.filter((score) => score.lang === language));
  }
  return { overall: average(perDocument), byLanguage };
}
