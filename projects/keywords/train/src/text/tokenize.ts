/** A word of a text: its surface form and what decides whether it may be part of a phrase. */
export interface Token {
  /** As written, e.g. `Photovoltaic`. */
  text: string;
  /** Lowercased. */
  lower: string;
  /** Position among the text's words, from 0. */
  index: number;
  /** Whether this word starts a sentence (its capital letter may be only that). */
  sentenceStart: boolean;
}

/** A run of words with no punctuation between them: phrases never cross its ends. */
export type Segment = Token[];

// Words: letters or digits, with inner apostrophes and hyphens (e.g. "state-of-the-art").
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
// Anything between words other than spaces breaks a phrase.
const SENTENCE_END = /[.!?¿¡]/;

/**
 * Splits a text into segments of consecutive words, breaking at every punctuation mark, so a
 * candidate phrase never spans a comma or a sentence boundary.
 */
export function segment(text: string): Segment[] {
  const segments: Segment[] = [];
  let current: Segment = [];
  let index = 0;
  let last = 0;
  let sentenceStart = true;
  for (const match of text.normalize('NFC').matchAll(WORD)) {
    const between = text.slice(last, match.index);
    if (/[^\s]/.test(between)) {
      if (current.length > 0) segments.push(current);
      current = [];
      if (SENTENCE_END.test(between)) sentenceStart = true;
    }
    const word = match[0];
    current.push({ text: word, lower: word.toLowerCase(), index: index++, sentenceStart });
    sentenceStart = false;
    last = match.index + word.length;
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** The number of words in a text. */
export function countWords(text: string): number {
  return text.normalize('NFC').match(WORD)?.length ?? 0;
}
