/** The special tokens of the vocabulary, first in vocab.txt, as NuLog's tokenizer defines them. */
export const SPECIAL_TOKENS = ['<PAD>', '<CLS>', '<UNK>', '<MASK>', '<NUM>'] as const;

/** NuLog's cap on the vocabulary. */
export const VOCABULARY_CAP = 10_000;

/**
 * NuLog's tokenizer rules (Nedelkoski et al., "Self-Supervised Log Parsing", ECML PKDD 2020):
 * lowercase, split on whitespace and punctuation, a token with more than one digit becomes
 * `<NUM>`, and every sequence starts with `<CLS>`.
 */
export function nulogTokens(message: string): string[] {
  const words = message
    .toLowerCase()
    .split(/[^a-z0-9<>*_.-]+|(?<=\w)[.](?=\s|$)/)
    .filter((word) => word !== '');
  return ['<CLS>', ...words.map((word) => ((word.match(/\d/g)?.length ?? 0) > 1 ? '<NUM>' : word))];
}

/** The vocabulary of a corpus: the special tokens, then the most frequent tokens (ties by name), at most `cap` in all. */
export function buildVocabulary(messages: Iterable<string>, cap = VOCABULARY_CAP): string[] {
  const counts = new Map<string, number>();
  for (const message of messages)
    for (const token of nulogTokens(message)) counts.set(token, (counts.get(token) ?? 0) + 1);
  const special = new Set<string>(SPECIAL_TOKENS);
  const ranked = [...counts]
    .filter(([token]) => !special.has(token))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([token]) => token);
  return [...SPECIAL_TOKENS, ...ranked].slice(0, cap);
}
