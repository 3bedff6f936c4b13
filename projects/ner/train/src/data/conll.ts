import { DataError } from '@mesh/data';
import type { TaggedSentence } from './sentence';

/** Options of {@link ConllParser}. */
export interface ConllOptions {
  /**
   * Column of the tag, 0-based; negative counts from the end. Default: -1 (the last column),
   * as in CoNLL-2002/2003 files.
   */
  tagColumn?: number;
}

/**
 * Parses CoNLL column format one line at a time: a token per line, whitespace-separated columns
 * with the token first and the tag in `tagColumn`, a blank line between sentences, `-DOCSTART-`
 * lines skipped. A line with too few columns throws a {@link DataError} naming `uri:line`.
 */
export class ConllParser {
  private tokens: string[] = [];
  private tags: string[] = [];
  private startLine = 0;
  private columns = 0;
  private readonly tagColumn: number;

  constructor(
    private readonly uri: string,
    options: ConllOptions = {},
  ) {
    this.tagColumn = options.tagColumn ?? -1;
  }

  /** Reads one line; returns the sentence it completes, if any. */
  line(text: string, lineNumber: number): TaggedSentence | undefined {
    const trimmed = text.trim();
    if (trimmed === '') return this.flush();
    const columns = trimmed.split(/\s+/);
    if (columns[0] === '-DOCSTART-') return this.flush();
    const tagIndex = this.tagColumn < 0 ? columns.length + this.tagColumn : this.tagColumn;
    if (columns.length < 2 || tagIndex <= 0 || tagIndex >= columns.length) {
      throw new DataError(
        `found ${columns.length} column(s) in "${trimmed.slice(0, 60)}": a token line needs the token first and the tag in ${this.tagColumn < 0 ? 'the last column' : `column ${this.tagColumn + 1}`} (TAG_COLUMN), separated by whitespace`,
        this.uri,
        lineNumber,
      );
    }
    if (this.columns === 0) this.columns = columns.length;
    if (this.tokens.length === 0) this.startLine = lineNumber;
    this.tokens.push(columns[0]);
    this.tags.push(columns[tagIndex]);
    return undefined;
  }

  /** Ends the file: returns the last sentence when it had no blank line after it. */
  end(): TaggedSentence | undefined {
    return this.flush();
  }

  private flush(): TaggedSentence | undefined {
    if (this.tokens.length === 0) return undefined;
    const sentence = { tokens: this.tokens, tags: this.tags, line: this.startLine };
    this.tokens = [];
    this.tags = [];
    return sentence;
  }
}
