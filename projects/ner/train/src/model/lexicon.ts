import { learnWordClusters } from '@mesh/sequence';
import type { Lexicon } from './features';

/**
 * Learns the lexicon from the training text, ignoring its tags: hierarchical word clusters
 * (`learnWordClusters`), and which words are usually written in lower case when not at the
 * start of a sentence (so a capitalised "The" in a headline can be told apart from a name).
 */
export function learnLexicon(
  sentences: readonly (readonly string[])[],
  options: { clusters?: boolean } = {},
): Lexicon {
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
  const clusters =
    options.clusters === false ? new Map<string, string>() : learnWordClusters(sentences);
  return { clusters, usuallyLower };
}
