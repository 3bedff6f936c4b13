import { displayForm, type Candidate } from './candidates';
import type { KeywordParams } from './params';

/** Corpus statistics of one language: how many documents, and in how many each phrase occurs. */
export interface LanguageStatistics {
  documents: number;
  /** Document frequency by normalised key. Keys seen in one document only are left out. */
  documentFrequency: ReadonlyMap<string, number>;
}

/** A ranked keyphrase. */
export interface Keyphrase {
  phrase: string;
  /** Normalised key, the form used to compare with gold keyphrases. */
  key: string;
  score: number;
}

/**
 * Ranks a document's candidates with KP-Miner (El-Beltagy & Rafea, 2009):
 *
 *   weight = tf · idf · B
 *
 * where tf counts the phrase in the document, idf = log2((N + 1) / df) with df learnt from the
 * training corpus (1 for phrases it never saw twice), and B boosts multi-word phrases by
 * |candidates| / (|multi-word candidates| · α), capped at σ (and never below 1). Candidates
 * first seen after the cutoff position, or seen fewer than `minFrequency` times, are dropped.
 * As in the paper, the count of a phrase inside a longer phrase of the initial top n is taken
 * off its own tf, so "solar" does not repeat "solar panel".
 */
export function rankCandidates(
  candidates: ReadonlyMap<string, Candidate>,
  statistics: LanguageStatistics,
  params: Pick<KeywordParams, 'cutoffPosition' | 'minFrequency' | 'alpha' | 'sigma' | 'topN'>,
): Keyphrase[] {
  const scores = kpMinerScores(candidates, statistics, params);
  return [...scores]
    .filter(([, score]) => score > 0)
    .map(([key, score]) => ({ candidate: candidates.get(key)!, score }))
    .sort((a, b) => compare(b.score, a.score, a.candidate, b.candidate))
    .slice(0, params.topN)
    .map(({ candidate, score }) => ({
      phrase: displayForm(candidate),
      key: candidate.key,
      score: round(score),
    }));
}

/** Whether KP-Miner keeps a candidate at all: seen early enough and often enough. */
export function keptByKpMiner(
  candidate: Candidate,
  params: Pick<KeywordParams, 'cutoffPosition' | 'minFrequency'>,
): boolean {
  return (
    candidate.firstPosition < params.cutoffPosition && candidate.frequency >= params.minFrequency
  );
}

/** The inverse document frequency KP-Miner uses: log2((N + 1) / df), df 1 for unseen phrases. */
export function inverseDocumentFrequency(statistics: LanguageStatistics, key: string): number {
  return Math.log2((statistics.documents + 1) / (statistics.documentFrequency.get(key) ?? 1));
}

/** The KP-Miner weight of every candidate it keeps (see {@link rankCandidates}), by key. */
export function kpMinerScores(
  candidates: ReadonlyMap<string, Candidate>,
  statistics: LanguageStatistics,
  params: Pick<KeywordParams, 'cutoffPosition' | 'minFrequency' | 'alpha' | 'sigma' | 'topN'>,
): Map<string, number> {
  const kept = [...candidates.values()].filter((candidate) => keptByKpMiner(candidate, params));
  const multiWord = kept.filter((candidate) => candidate.length > 1).length;
  const boost =
    multiWord === 0
      ? params.sigma
      : Math.min(params.sigma, Math.max(1, kept.length / (multiWord * params.alpha)));
  const weight = (candidate: Candidate, tf: number) =>
    tf * inverseDocumentFrequency(statistics, candidate.key) * (candidate.length > 1 ? boost : 1);

  const tf = new Map(kept.map((candidate) => [candidate.key, candidate.frequency]));
  const initialTop = [...kept]
    .sort((a, b) => compare(weight(b, b.frequency), weight(a, a.frequency), a, b))
    .slice(0, params.topN);
  for (const phrase of initialTop) {
    if (phrase.length < 2) continue;
    const count = tf.get(phrase.key) ?? 0;
    if (count <= 0) continue;
    for (const part of subPhrases(phrase.key)) {
      const partCount = tf.get(part);
      if (partCount !== undefined) tf.set(part, partCount - count);
    }
  }
  return new Map(
    kept.map((candidate) => [candidate.key, weight(candidate, tf.get(candidate.key) ?? 0)]),
  );
}

// Deterministic order: by weight, then earlier first occurrence, then key.
export function compare(weightB: number, weightA: number, a: Candidate, b: Candidate): number {
  return weightB - weightA || a.firstPosition - b.firstPosition || a.key.localeCompare(b.key);
}

function* subPhrases(key: string): Generator<string> {
  const words = key.split(' ');
  for (let length = words.length - 1; length >= 1; length--) {
    for (let start = 0; start + length <= words.length; start++)
      yield words.slice(start, start + length).join(' ');
  }
}

export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
