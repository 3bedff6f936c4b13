/** A token of a text with its character offsets (end exclusive). */
export interface TextToken {
  text: string;
  start: number;
  end: number;
}

// Words (letters/digits with inner apostrophes, hyphens, periods of abbreviations and
// numbers like 1,200.50), or any single other non-space character.
const TOKEN = /\p{L}+(?:\.\p{L}+)+\.?|\d+(?:[.,:/-]\d+)*|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|\S/gu;
const ABBREVIATION =
  /^(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Corp|Ltd|Co|Gen|Sen|Rep|Gov|vs|U\.S|U\.K)$/;

/**
 * Splits text into tokens the way CoNLL-2003 newswire is tokenised: words, numbers (with their
 * separators), abbreviations with their period (`Mr.`, `U.S.`), possessive `'s` split off, and
 * every punctuation mark on its own.
 */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    let word = match[0];
    if (word === '.' && tokens.length > 0) {
      const last = tokens[tokens.length - 1];
      if (last.end === start && ABBREVIATION.test(last.text)) {
        last.text += '.';
        last.end++;
        continue;
      }
    }
    const possessive = /^(.+)(['’]s)$/i.exec(word);
    if (possessive) {
      word = possessive[1];
      tokens.push({ text: word, start, end: start + word.length });
      tokens.push({
        text: possessive[2],
        start: start + word.length,
        end: start + match[0].length,
      });
      continue;
    }
    tokens.push({ text: word, start, end: start + word.length });
  }
  return tokens;
}
