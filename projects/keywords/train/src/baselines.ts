import { evaluateRanking } from './evaluate';
import { extractCandidates, type Candidate } from './model/candidates';
import type { KeywordModel } from './model/keyword-model';
import { inverseDocumentFrequency, rankCandidates } from './model/kp-miner';
import { stopWordsFor } from './model/params';
import type { EvaluationRecord } from './records';

/** A simpler ranking of the same data and its F1@k. */
export interface BaselineScore {
  name: string;
  f1: number;
  /** Whether the quality gate requires the model to score at least this. */
  gated: boolean;
}

/**
 * Scores simpler rankings on the evaluation documents with the model's k: n-gram candidates
 * ranked by frequency, KP-Miner without corpus statistics (both gated: a model below them has
 * learnt nothing useful), and n-gram TF-IDF with the model's document frequencies (reported).
 */
export async function computeBaselines(
  model: KeywordModel,
  records: readonly EvaluationRecord[],
  signal?: AbortSignal,
): Promise<BaselineScore[]> {
  const { params } = model;
  const ngrams = (record: EvaluationRecord): Candidate[] => [
    ...extractCandidates(record.text, {
      language: record.lang,
      stopWords: stopWordsFor(params.stopWords, record.lang),
      ngramRange: params.ngramRange,
    }).values(),
  ];
  const noStatistics = { documents: 1, documentFrequency: new Map<string, number>() };
  const score = async (rank: (record: EvaluationRecord) => string[]) =>
    (await evaluateRanking(records, params.topN, rank, undefined, signal)).overall.f1;
  return [
    {
      name: 'frequency ranking',
      gated: true,
      f1: await score((record) =>
        ngrams(record)
          .sort((a, b) => b.frequency - a.frequency || a.firstPosition - b.firstPosition)
          .map((c) => c.key),
      ),
    },
    {
      name: 'KP-Miner without corpus statistics',
      gated: true,
      f1: await score((record) => {
        const candidates = new Map(ngrams(record).map((c) => [c.key, c]));
        return rankCandidates(candidates, noStatistics, params).map((keyphrase) => keyphrase.key);
      }),
    },
    {
      name: 'n-gram TF-IDF',
      gated: false,
      f1: await score((record) => {
        const statistics = model.statisticsOf(record.lang);
        const weight = (c: Candidate) => c.frequency * inverseDocumentFrequency(statistics, c.key);
        return ngrams(record)
          .sort((a, b) => weight(b) - weight(a) || a.firstPosition - b.firstPosition)
          .map((c) => c.key);
      }),
    },
  ];
}
