import type { Candidate } from './candidates';
import { inverseDocumentFrequency, type LanguageStatistics } from './kp-miner';

/**
 * The features the supervised ranker sees for one candidate of one document, in this order.
 * KEA's (Witten et al., 1999): TF-IDF, first position, keyphraseness; added: KP-Miner's weight,
 * last position and spread, length in words, part-of-speech pattern, in the title, frequency.
 */
export const FEATURE_NAMES = [
  'kp_miner',
  'tf_idf',
  'first_position',
  'last_position',
  'spread',
  'length_1',
  'length_2',
  'length_3_plus',
  'keyphraseness',
  'noun_phrase',
  'in_title',
  'frequency',
  'unseen_in_corpus',
] as const;

/** What a candidate's features are computed from, besides the candidate itself. */
export interface FeatureContext {
  statistics: LanguageStatistics;
  /** How many training documents have each key among their gold keyphrases. */
  keyphraseness: ReadonlyMap<string, number>;
  /** Keys of the title's candidates (empty when there is no title). */
  titleKeys: ReadonlySet<string>;
  /** Words in the document. */
  words: number;
}

/**
 * The feature vector of a candidate. `keyphrasenessOffset` is taken off its keyphraseness: 1
 * while training on a document whose gold list has the key, so that a document never counts
 * its own labels (KEA's leave-one-out).
 */
export function candidateFeatures(
  candidate: Candidate,
  kpMinerScore: number,
  context: FeatureContext,
  keyphrasenessOffset = 0,
): number[] {
  const length = Math.max(1, context.words);
  const idf = inverseDocumentFrequency(context.statistics, candidate.key);
  const keyphraseness = (context.keyphraseness.get(candidate.key) ?? 0) - keyphrasenessOffset;
  return [
    Math.log1p(Math.max(0, kpMinerScore)),
    Math.log1p(candidate.frequency) * idf,
    candidate.firstPosition / length,
    candidate.lastPosition / length,
    (candidate.lastPosition - candidate.firstPosition) / length,
    candidate.length === 1 ? 1 : 0,
    candidate.length === 2 ? 1 : 0,
    candidate.length >= 3 ? 1 : 0,
    Math.log1p(Math.max(0, keyphraseness)),
    candidate.nounPhrase ? 1 : 0,
    context.titleKeys.has(candidate.key) ? 1 : 0,
    Math.log1p(candidate.frequency),
    context.statistics.documentFrequency.has(candidate.key) ? 0 : 1,
  ];
}
