import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { DataError } from '@mesh/data';
import {
  LABEL_FIELD_CANDIDATES,
  mapLabel,
  TEXT_FIELD_CANDIDATES,
  type Example,
  type FieldOptions,
} from './example';
import { readLines } from './read-lines';

/** Called with each example and the line it came from. */
export type ExampleSink = (example: Example, line: number) => void;

/** The column to read: the one named, else the first candidate present. */
function chooseField(
  available: string[],
  requested: string | undefined,
  candidates: string[],
): string | undefined {
  if (requested && requested !== 'auto')
    return available.includes(requested) ? requested : undefined;
  const lower = available.map((name) => name.toLowerCase());
  const index = candidates.map((name) => lower.indexOf(name)).find((at) => at !== -1);
  return index === undefined ? undefined : available[index];
}

function missingField(
  uri: string,
  line: number,
  what: 'text' | 'label',
  requested: string | undefined,
  available: string[],
): DataError {
  const setting = what === 'text' ? 'TEXT_FIELD' : 'LABEL_FIELD';
  const wanted =
    requested && requested !== 'auto'
      ? `no ${what} field "${requested}"`
      : `no ${what} field (looked for ${(what === 'text' ? TEXT_FIELD_CANDIDATES : LABEL_FIELD_CANDIDATES).join(', ')})`;
  return new DataError(
    `${wanted}; found ${available.map((name) => `"${name}"`).join(', ') || 'none'}: set ${setting}`,
    uri,
    line,
  );
}

/** Builds an example from a record's fields, or throws a DataError naming the line and field. */
function toExample(
  record: Record<string, unknown>,
  fields: { text: string; label: string },
  options: FieldOptions,
  uri: string,
  line: number,
): Example | undefined {
  const text = record[fields.text];
  if (typeof text !== 'string')
    throw new DataError(`field "${fields.text}" must be a string`, uri, line);
  if (text.trim() === '')
    throw new DataError(`the document in "${fields.text}" is empty`, uri, line);
  const label = mapLabel(record[fields.label], options);
  if (label === undefined || label === '')
    throw new DataError(
      `field "${fields.label}" must hold a label (a string or number)`,
      uri,
      line,
    );
  if (options.ignoreLabels?.includes(label)) return undefined;
  return { text, label };
}

/** Reads JSON Lines `{ "text": ..., "label": ... }`, one object per line. */
export async function readJsonLinesExamples(
  content: Readable,
  uri: string,
  options: FieldOptions,
  sink: ExampleSink,
): Promise<void> {
  let fields: { text: string; label: string } | undefined;
  for await (const { line, text } of readLines(content, uri)) {
    if (text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new DataError(
        `not valid JSON (${(error as Error).message}); is DATA_FORMAT right?`,
        uri,
        line,
      );
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      throw new DataError('each line must be a JSON object', uri, line);
    const keys = Object.keys(record);
    const textField = fields?.text ?? chooseField(keys, options.textField, TEXT_FIELD_CANDIDATES);
    const labelField =
      fields?.label ?? chooseField(keys, options.labelField, LABEL_FIELD_CANDIDATES);
    if (!textField || !(textField in record))
      throw missingField(uri, line, 'text', options.textField, keys);
    if (!labelField || !(labelField in record))
      throw missingField(uri, line, 'label', options.labelField, keys);
    fields = { text: textField, label: labelField };
    const example = toExample(record as Record<string, unknown>, fields, options, uri, line);
    if (example) sink(example, line);
  }
}

/**
 * Reads delimited text with a header row: CSV with RFC 4180 quoting (embedded newlines and
 * quotes) through csv-parse, or TSV, where quotes are ordinary characters (as sentence-level
 * benchmark files are distributed).
 */
export async function readDelimitedExamples(
  content: Readable,
  uri: string,
  delimiter: ',' | '\t',
  options: FieldOptions,
  sink: ExampleSink,
): Promise<void> {
  if (delimiter === '\t') {
    let header: string[] | undefined;
    let fields: { text: number; label: number; names: { text: string; label: string } } | undefined;
    for await (const { line, text } of readLines(content, uri)) {
      if (text.trim() === '') continue;
      const cells = text.split('\t');
      if (!header) {
        header = cells.map((cell) => cell.trim());
        const textName = chooseField(header, options.textField, TEXT_FIELD_CANDIDATES);
        const labelName = chooseField(header, options.labelField, LABEL_FIELD_CANDIDATES);
        if (!textName) throw missingField(uri, line, 'text', options.textField, header);
        if (!labelName) throw missingField(uri, line, 'label', options.labelField, header);
        fields = {
          text: header.indexOf(textName),
          label: header.indexOf(labelName),
          names: { text: textName, label: labelName },
        };
        continue;
      }
      if (cells.length !== header.length)
        throw new DataError(
          `has ${cells.length} columns, the header has ${header.length}`,
          uri,
          line,
        );
      const f = fields as NonNullable<typeof fields>;
      const record = { [f.names.text]: cells[f.text], [f.names.label]: cells[f.label] };
      const example = toExample(record, f.names, options, uri, line);
      if (example) sink(example, line);
    }
    if (!header) throw new DataError('has no header row', uri);
    return;
  }

  // CSV: decode strictly first so that a non-UTF-8 byte is an error, not a replacement character.
  const parser = parse({
    columns: true,
    bom: true,
    skip_empty_lines: true,
    info: true,
    relax_quotes: false,
  });
  const decoding = (async () => {
    const decoderStream = new TextDecoder('utf-8', { fatal: true });
    try {
      for await (const chunk of content as AsyncIterable<Buffer>) {
        let text: string;
        try {
          text = decoderStream.decode(chunk, { stream: true });
        } catch {
          throw new DataError(
            'is not valid UTF-8: convert the file to UTF-8 (e.g. iconv -t UTF-8)',
            uri,
          );
        }
        if (!parser.write(text)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end(decoderStream.decode());
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let fields: { text: string; label: string } | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (!fields) {
        const columns = Object.keys(record);
        const textName = chooseField(columns, options.textField, TEXT_FIELD_CANDIDATES);
        const labelName = chooseField(columns, options.labelField, LABEL_FIELD_CANDIDATES);
        if (!textName) throw missingField(uri, 1, 'text', options.textField, columns);
        if (!labelName) throw missingField(uri, 1, 'label', options.labelField, columns);
        fields = { text: textName, label: labelName };
      }
      const example = toExample(record, fields, options, uri, info.lines);
      if (example) sink(example, info.lines);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    const csvError = error as Error & { lines?: number };
    throw new DataError(`is not valid CSV (${csvError.message})`, uri, csvError.lines, {
      cause: error,
    });
  }
  await decoding;
}
