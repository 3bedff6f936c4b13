/** The token a masked parameter becomes, and the wildcard of a template. */
export const WILDCARD = '<*>';

/**
 * Compiles MASK_REGEXES (JavaScript syntax, one per entry); throws an Error naming the bad one.
 * Each match in a message is replaced by {@link WILDCARD} before tokenizing, the way
 * log-parsing benchmarks preprocess with per-data-set regexes.
 */
export function compileMasks(patterns: readonly string[]): RegExp[] {
  return patterns.map((pattern, index) => {
    try {
      // Benchmarks write Python regexes: `(?P<name>` is `(?<name>` in JavaScript.
      return new RegExp(pattern.replace(/\(\?P</g, '(?<'), 'g');
    } catch (error) {
      throw new Error(
        `MASK_REGEXES[${index}] "${pattern}" is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  });
}

/** Masks then splits a message on whitespace; a token that is only a number becomes {@link WILDCARD}. */
export function tokenize(content: string, masks: readonly RegExp[]): string[] {
  let masked = content;
  for (const mask of masks) masked = masked.replace(mask, WILDCARD);
  const tokens = masked.split(/\s+/);
  const result: string[] = [];
  for (const token of tokens) {
    if (token === '') continue;
    // Only a token starting with a digit or sign can be a bare number: skip the regexes otherwise.
    const first = token.charCodeAt(0);
    const numeric = (first >= 48 && first <= 57) || first === 43 || first === 45;
    result.push(numeric && BARE_NUMBER.test(token) ? WILDCARD : token);
  }
  return result;
}

const BARE_NUMBER = /^(?:[-+]?\d+(?:[.,:]\d+)*|0x[0-9a-f]+)$/i;

/** Whether a token looks like a parameter on its own: it holds a digit or the wildcard. */
export function looksVariable(token: string): boolean {
  return token.includes(WILDCARD) || /\d/.test(token);
}
