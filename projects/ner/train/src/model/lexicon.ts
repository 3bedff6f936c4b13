import type { Lexicon } from './features';

/**
 * Learns the lexicon from the training text, ignoring its tags: which words are usually written
 * in lower case when not at the start of a sentence (so a capitalised "The" in a headline, or
 * "Monday" vs "monday", can be told apart from a name). Clusters are filled in separately.
 */
export function learnLexicon(sentences: Iterable<readonly string[]>): Lexicon {
  const lower = new Map<string, number>();
  const capitalised = new Map<string, number>();
  for (const words of sentences) {
    const headline = words.every((word) => word.toUpperCase() === word);
    if (headline) continue;
    for (let t = 1; t < words.length; t++) {
      const word = words[t];
      const key = word.toLowerCase();
      if (key === word.toUpperCase()) continue;
      const counts = word === key ? lower : capitalised;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const usuallyLower = new Set<string>();
  for (const [word, count] of lower)
    if (count > (capitalised.get(word) ?? 0)) usuallyLower.add(word);
  return { clusters: new Map(), usuallyLower };
}
