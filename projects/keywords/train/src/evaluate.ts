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

/**
 * Scores the model's top-k keyphrases against the gold ones, the way keyphrase extraction is
 * evaluated in the field: both sides lowercased and stemmed (Snowball), exact match of the
 * normalised phrases, precision, recall and F1 per document, macro-averaged.
 */
export function evaluate(
  model: KeywordModel,
  records: readonly EvaluationRecord[],
  topN: number,
  onProgress?: (done: number, total: number) => void,
): Evaluation {
  const perDocument = records.map((record, index) => {
    const predicted = new Set(
      model.extract(record.text, { language: record.lang, topN }).map((keyphrase) => keyphrase.key),
    );
    const gold = new Set(record.keyphrases.map((phrase) => normalizePhrase(phrase, record.lang)));
    const matches = [...predicted].filter((key) => gold.has(key)).length;
    const precision = predicted.size === 0 ? 0 : matches / predicted.size;
    const recall = matches / gold.size;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    onProgress?.(index + 1, records.length);
    return { lang: record.lang, precision, recall, f1 };
  });

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
