import { cleanText } from './clean';

/** Words (with inner apostrophes), the clitic `n't` as benchmark tokenisers split it, runs of ! and ?, emoticons, and clause punctuation. */
const TOKEN = /n't|[\p{L}\p{N}]+(?:'[\p{L}]+)*|[!?]+|[:;=]-?[()dDpP]|[.,;:]/gu;

/** Clause punctuation: ends a negation scope. */
const SCOPE_END = /^[.,;:!?]/;

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'nowhere',
  'cannot',
  'without',
  'hardly',
  'barely',
  "n't",
  'cant',
  'dont',
  'wont',
  'isnt',
  'didnt',
  'doesnt',
  'wasnt',
  'arent',
  'couldnt',
  'shouldnt',
  'wouldnt',
]);

/** Whether a token negates what follows it. */
export function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

/** Lower-cased tokens of a cleaned text. */
export function tokenize(text: string): string[] {
  return cleanText(text).toLowerCase().match(TOKEN) ?? [];
}

/**
 * Marks the tokens in the scope of a negation (from a negator to the next clause punctuation)
 * with a `neg_` prefix, so "not good" and "good" are different features (Das & Chen, 2001;
 * Pang, Lee & Vaithyanathan, 2002).
 */
export function markNegation(tokens: readonly string[]): string[] {
  const marked: string[] = [];
  let negated = false;
  for (const token of tokens) {
    if (SCOPE_END.test(token)) {
      negated = false;
      marked.push(token);
    } else if (isNegator(token)) {
      negated = true;
      marked.push(token);
    } else {
      marked.push(negated ? `neg_${token}` : token);
    }
  }
  return marked;
}
