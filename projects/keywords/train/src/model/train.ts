import { yieldToInterrupts } from '@mesh/pipeline';
import type { Language } from '../text/languages';
import { normalizePhrase } from '../text/stem';
import { extractCandidates } from './candidates';
import { KeywordModel, type ModelStatistics } from './keyword-model';
import type { LanguageStatistics } from './kp-miner';
import { stopWordsFor, type KeywordParams } from './params';
import { fitRanker, type RankerFile } from './ranker';

/** A training document: its language and text, and its gold keyphrases when the corpus has them. */
export interface TrainingDocument {
  lang: Language;
  text: string;
  title?: string;
  keyphrases?: string[];
}

/** Documents processed between two yields to pending signal handlers (Ctrl-C). */
export const YIELD_EVERY = 200;

/**
 * Learns the corpus statistics KP-Miner needs: for each language, the number of documents and
 * the document frequency of every n-gram of content words up to `maxWords` words (noun-phrase
 * candidates are among them). Phrases seen in a single document are not stored, since an
 * unseen phrase is scored as if seen once: the model stays small and predicts the same.
 */
export async function learnStatistics(
  documents: readonly TrainingDocument[],
  params: Pick<KeywordParams, 'stopWords'>,
  maxWords: number,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<Map<Language, LanguageStatistics>> {
  const counts = new Map<Language, { documents: number; frequency: Map<string, number> }>();
  for (const [index, document] of documents.entries()) {
    if (options.signal && index % YIELD_EVERY === 0) await yieldToInterrupts(options.signal);
    let language = counts.get(document.lang);
    if (!language) {
      language = { documents: 0, frequency: new Map() };
      counts.set(document.lang, language);
    }
    language.documents++;
    for (const key of extractCandidates(document.text, {
      language: document.lang,
      stopWords: stopWordsFor(params.stopWords, document.lang),
      ngramRange: [1, maxWords],
    }).keys()) {
      language.frequency.set(key, (language.frequency.get(key) ?? 0) + 1);
    }
    options.onProgress?.(index + 1, documents.length);
  }

  const statistics = new Map<Language, LanguageStatistics>();
  for (const [language, { documents: total, frequency }] of counts) {
    statistics.set(language, {
      documents: total,
      documentFrequency: new Map([...frequency].filter(([, df]) => df > 1)),
    });
  }
  return statistics;
}

/** Per language, how many documents list each normalised key among their gold keyphrases. */
export function learnKeyphraseness(
  documents: readonly TrainingDocument[],
): Map<Language, Map<string, number>> {
  const counts = new Map<Language, Map<string, number>>();
  for (const document of documents) {
    if (!document.keyphrases) continue;
    let language = counts.get(document.lang);
    if (!language) counts.set(document.lang, (language = new Map()));
    for (const key of goldOf(document)) language.set(key, (language.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The model of these statistics and keyphraseness counts, with `params` and no ranker. */
export function assembleModel(
  params: KeywordParams,
  statistics: ReadonlyMap<Language, LanguageStatistics>,
  keyphraseness: ReadonlyMap<Language, ReadonlyMap<string, number>> = new Map(),
): KeywordModel {
  const merged = new Map<Language, ModelStatistics>();
  for (const [language, stats] of statistics)
    merged.set(language, { ...stats, keyphraseness: keyphraseness.get(language) ?? new Map() });
  return new KeywordModel(params, merged);
}

/** The ranker's training rows: one per candidate KP-Miner keeps, label 1 for gold keyphrases. */
export interface RankerRows {
  rows: number[][];
  labels: number[];
  /** Per document: its candidates' keys and where their rows start. */
  documents: Array<{ keys: string[]; start: number; gold: Set<string> }>;
}

/**
 * The rows of labelled documents under `base`'s statistics and keyphraseness. A document's
 * own gold list is taken off the keyphraseness of its candidates when `leaveOneOut` (the
 * document was counted in it), since at prediction time it is unknown.
 */
export async function collectRankerRows(
  base: KeywordModel,
  documents: readonly TrainingDocument[],
  leaveOneOut: boolean,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<RankerRows> {
  const result: RankerRows = { rows: [], labels: [], documents: [] };
  for (const [index, document] of documents.entries()) {
    if (options.signal && index % YIELD_EVERY === 0) await yieldToInterrupts(options.signal);
    const gold = goldOf(document);
    const keys: string[] = [];
    const start = result.rows.length;
    for (const row of base.candidateRows(document.text, document.lang, document.title, (key) =>
      leaveOneOut && gold.has(key) ? 1 : 0,
    )) {
      keys.push(row.candidate.key);
      result.rows.push(row.features);
      result.labels.push(gold.has(row.candidate.key) ? 1 : 0);
    }
    result.documents.push({ keys, start, gold });
    options.onProgress?.(index + 1, documents.length);
  }
  return result;
}

/** Fits the supervised ranker on collected rows (see {@link fitRanker}). */
export function trainRanker(rows: RankerRows, C: number): RankerFile {
  if (!rows.labels.includes(1) || !rows.labels.includes(0))
    throw new Error(
      'the gold keyphrases of the training documents never (or always) match a candidate: check their language and the candidate settings',
    );
  return fitRanker(rows.rows, rows.labels, C);
}

/** Learns KP-Miner's statistics from `documents` with `params` (no ranker). */
export async function trainKeywordModel(
  documents: readonly TrainingDocument[],
  params: KeywordParams,
  onProgress?: (done: number, total: number) => void,
): Promise<KeywordModel> {
  const statistics = await learnStatistics(documents, params, params.ngramRange[1], {
    onProgress,
  });
  return assembleModel(params, statistics);
}

function goldOf(document: TrainingDocument): Set<string> {
  return new Set(
    (document.keyphrases ?? []).map((phrase) => normalizePhrase(phrase, document.lang)),
  );
}
