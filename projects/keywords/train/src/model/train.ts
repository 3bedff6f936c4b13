import type { Language } from '../text/languages';
import { extractCandidates } from './candidates';
import { KeywordModel } from './keyword-model';
import type { LanguageStatistics } from './kp-miner';
import { stopWordsFor, type KeywordParams } from './params';

/** A training document: its language and text. */
export interface TrainingDocument {
  lang: Language;
  text: string;
}

/**
 * Learns the corpus statistics KP-Miner needs: for each language, the number of documents and
 * the document frequency of every candidate phrase. Phrases seen in a single document are not
 * stored, since an unseen phrase is scored as if seen once: the model stays small and predicts
 * the same.
 */
export function trainKeywordModel(
  documents: readonly TrainingDocument[],
  params: KeywordParams,
  onProgress?: (done: number, total: number) => void,
): KeywordModel {
  const counts = new Map<Language, { documents: number; frequency: Map<string, number> }>();
  documents.forEach((document, index) => {
    let language = counts.get(document.lang);
    if (!language) {
      language = { documents: 0, frequency: new Map() };
      counts.set(document.lang, language);
    }
    language.documents++;
    const stopWords = stopWordsFor(params.stopWords, document.lang);
    for (const key of extractCandidates(document.text, {
      language: document.lang,
      stopWords,
      ngramRange: params.ngramRange,
    }).keys()) {
      language.frequency.set(key, (language.frequency.get(key) ?? 0) + 1);
    }
    onProgress?.(index + 1, documents.length);
  });

  const statistics = new Map<Language, LanguageStatistics>();
  for (const [language, { documents: total, frequency }] of counts) {
    statistics.set(language, {
      documents: total,
      documentFrequency: new Map([...frequency].filter(([, df]) => df > 1)),
    });
  }
  return new KeywordModel(params, statistics);
}
