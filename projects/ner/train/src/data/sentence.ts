/** One tagged sentence as read from a data file. */
export interface TaggedSentence {
  tokens: string[];
  tags: string[];
  /** Line of the file the sentence starts at (1-based), for error messages. */
  line: number;
}
