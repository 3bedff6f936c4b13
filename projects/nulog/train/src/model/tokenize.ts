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
  const tokens = masked.split(/\s+/).filter((token) => token !== '');
  return tokens.map((token) =>
    /^[-+]?\d+([.,:]\d+)*$/.test(token) || /^0x[0-9a-f]+$/i.test(token) ? WILDCARD : token,
  );
}

/** Whether a token looks like a parameter on its own: it holds a digit or the wildcard. */
export function looksVariable(token: string): boolean {
  return token.includes(WILDCARD) || /\d/.test(token);
}
