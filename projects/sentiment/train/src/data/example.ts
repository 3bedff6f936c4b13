/** One labelled text. */
export interface Example {
  text: string;
  label: string;
  /** The line it was read from (line-based formats). */
  line?: number;
  /** The file it was read from, inside a folder tree or archive. */
  file?: string;
}

/** Examples read from one data URI, with what identifies the bytes they came from. */
export interface ExampleSet {
  examples: Example[];
  /** `sha256:<hex>` of the bytes as stored (before decompression). */
  digest: string;
  /** Stored size in bytes. */
  bytes: number;
  /** The resolved path or URL. */
  location: string;
  /** The format the data was read as. */
  format: DataFormat;
}

/** The formats the readers understand. */
export const DATA_FORMATS = ['jsonl', 'tsv', 'csv', 'folder'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** How to find the text and label of a record, and how to rename labels. */
export interface FieldOptions {
  /** Field or column of the text; `auto` tries text, sentence, review, content, document. Default: auto. */
  textField?: string;
  /** Field or column of the label; `auto` tries label, sentiment, polarity, class, rating. Default: auto. */
  labelField?: string;
  /** Renames labels as read, e.g. `{ "0": "negative", "1": "positive" }`. Default: none. */
  labelMap?: Record<string, string>;
  /** Labels whose examples are skipped (unlabelled folders such as `unsup`). Default: none. */
  ignoreLabels?: string[];
}

export const TEXT_FIELD_CANDIDATES = ['text', 'sentence', 'review', 'content', 'document', 'tweet'];
export const LABEL_FIELD_CANDIDATES = [
  'label',
  'sentiment',
  'polarity',
  'class',
  'rating',
  'score',
];

/**
 * Parses LABEL_MAP text, `0=negative,1=positive`, into a map. Throws on a pair without `=`.
 */
export function parseLabelMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of text.split(',').map((part) => part.trim())) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1)
      throw new Error(`"${pair}" is not a from=to pair (write e.g. 0=negative,1=positive)`);
    map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return map;
}

/** The label as the model knows it: a string, renamed through the label map. */
export function mapLabel(raw: unknown, options: FieldOptions): string | undefined {
  if (typeof raw === 'number' || typeof raw === 'boolean') raw = String(raw);
  if (typeof raw !== 'string') return undefined;
  const label = raw.trim();
  return options.labelMap?.[label] ?? label;
}
