import { LANGUAGES, type Language } from './languages';
import { stopWordsOf } from './stop-words';
import { segment } from './tokenize';

/**
 * Guesses a text's language as the one whose stop words make up most of it: reliable for
 * paragraphs of prose, which is what the model is for. Ties go to the first of `candidates`.
 */
export function detectLanguage(
  text: string,
  candidates: readonly Language[] = LANGUAGES,
): Language {
  const words = segment(text).flat();
  let best = candidates[0];
  let bestHits = -1;
  for (const language of candidates) {
    const stopWords = stopWordsOf(language);
    const hits = words.filter((word) => stopWords.has(word.lower)).length;
    if (hits > bestHits) {
      best = language;
      bestHits = hits;
    }
  }
  return best;
}
