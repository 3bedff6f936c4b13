import { newStemmer } from 'snowball-stemmers';
import type { Language } from './languages';

const ALGORITHM: Record<Language, string> = { en: 'english', de: 'german', es: 'spanish' };
const stemmers = new Map<Language, { stem(word: string): string }>();

/** The Snowball stem of a lowercased word in the given language. */
export function stem(word: string, language: Language): string {
  let stemmer = stemmers.get(language);
  if (!stemmer) {
    stemmer = newStemmer(ALGORITHM[language]);
    stemmers.set(language, stemmer);
  }
  return stemmer.stem(word);
}

/**
 * The form under which phrases are counted and compared: lowercased, each word stemmed, single
 * spaces. "Solar Panels" and "solar panel" both become "solar panel".
 */
export function normalizePhrase(phrase: string, language: Language): string {
  return phrase
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => stem(word, language))
    .join(' ');
}
