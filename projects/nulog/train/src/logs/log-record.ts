/** One log message as read from a source. */
export interface LogRecord {
  /** 1-based position in the source. */
  lineId: number;
  /** The message the templates are learned from (a LOG_FORMAT's `<Content>`, or the JSON field). */
  content: string;
  /** The whole raw line, when the source is a raw log split by LOG_FORMAT. */
  raw?: string;
  /** The true template or event id, when the source is labelled (evaluation data). */
  truth?: string;
  /** Event time in ns since the epoch, when the source has one. */
  timeNs?: bigint;
  /** Start of the log window the message belongs to, in ns (the original's grouping of training data). */
  windowStartNs?: bigint;
}
