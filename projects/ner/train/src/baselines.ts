import { convertTags } from '@mesh/sequence';
import type { TaggedSentence } from './data/sentence';

/**
 * The baseline of the CoNLL shared tasks: tag each word with the tag it had most often in the
 * training data (IOB2, so multi-word names keep their chunks), `O` for unseen words.
 */
export function mostFrequentTagBaseline(
  training: readonly TaggedSentence[],
): (tokens: readonly string[]) => string[] {
  const counts = new Map<string, Map<string, number>>();
  for (const sentence of training) {
    const tags = convertTags(sentence.tags, 'IOB2');
    sentence.tokens.forEach((token, i) => {
      let row = counts.get(token);
      if (!row) counts.set(token, (row = new Map()));
      row.set(tags[i], (row.get(tags[i]) ?? 0) + 1);
    });
  }
  const best = new Map<string, string>();
  for (const [token, row] of counts) {
    let top = 'O';
    let topCount = -1;
    for (const [tag, count] of row)
      if (count > topCount || (count === topCount && tag < top)) [top, topCount] = [tag, count];
    best.set(token, top);
  }
  return (tokens) => {
    const tags = tokens.map((token) => best.get(token) ?? 'O');
    // A leading I- continues nothing: read as conlleval reads it, then written as valid IOB2.
    return convertTags(tags, 'IOB2');
  };
}
