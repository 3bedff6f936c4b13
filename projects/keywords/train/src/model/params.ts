import { stopWordsOf } from '../text/stop-words';
import type { CandidateMode } from './candidates';
import type { Language } from '../text/languages';

/** Which stop words bound candidate phrases: each text's own language, one fixed list, or none. */
export type StopWordsMode = 'auto' | 'none' | Language;

/** Everything that shapes a trained model and its predictions. */
export interface KeywordParams {
  /** Shortest and longest phrase, in words. */
  ngramRange: readonly [number, number];
  /** Which phrases are candidates: n-grams of content words, or noun phrases only. */
  candidates: CandidateMode;
  stopWords: StopWordsMode;
  /** Keyphrases returned per document. */
  topN: number;
  /** Candidates first seen after this many words are dropped (KP-Miner's CutOff). */
  cutoffPosition: number;
  /** Candidates seen fewer times in a document are dropped (KP-Miner's lasf). */
  minFrequency: number;
  /** KP-Miner's α: how strongly multi-word phrases are boosted against single words. */
  alpha: number;
  /** KP-Miner's σ: the cap of the boost. */
  sigma: number;
}

/** The published KP-Miner constants (El-Beltagy & Rafea, 2009). */
export const KP_MINER_ALPHA = 2.3;
export const KP_MINER_SIGMA = 3;

/** The stop words that bound phrases in a text of `language` under `mode`. */
export function stopWordsFor(mode: StopWordsMode, language: Language): ReadonlySet<string> {
  return stopWordsOf(mode === 'none' ? undefined : mode === 'auto' ? language : mode);
}

/** KP-Miner's published settings over 1–3 word n-grams: the starting point before any tuning. */
export const KP_MINER_DEFAULTS: KeywordParams = {
  ngramRange: [1, 3],
  candidates: 'ngrams',
  stopWords: 'auto',
  topN: 10,
  cutoffPosition: 400,
  minFrequency: 1,
  alpha: KP_MINER_ALPHA,
  sigma: KP_MINER_SIGMA,
};
