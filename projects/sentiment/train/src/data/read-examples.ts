import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, type OpenUriOptions } from '@mesh/data';
import { openSource } from './byte-source';
import {
  DATA_FORMATS,
  type DataFormat,
  type Example,
  type ExampleSet,
  type FieldOptions,
} from './example';
import { readDelimitedExamples, readJsonLinesExamples } from './read-records';
import { readFolderTree, readTarTree } from './read-tree';

/** Options for {@link readExamples}. */
export interface ReadExamplesOptions extends FieldOptions, OpenUriOptions {
  /** `auto` (by the name: .jsonl, .tsv, .csv, a folder, .tar/.tar.gz/.tgz) or one of {@link DATA_FORMATS}. Default: auto. */
  format?: DataFormat | 'auto';
  /** Called now and then with the number of examples read so far. */
  onProgress?: (examples: number) => void;
}

/** The local path of a URI, or undefined for http(s). */
function localPath(uri: string, cwd: string): string | undefined {
  if (/^https?:\/\//i.test(uri)) return undefined;
  const path = uri.startsWith('file://') ? fileURLToPath(uri) : uri;
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** The format of a URI by its name (the part before a `#folder` selector). */
export function detectFormat(uri: string, isDirectory: boolean): DataFormat | undefined {
  if (isDirectory) return 'folder';
  const name = uri.split('#')[0].split('?')[0].toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.tar') || name.endsWith('.tgz')) return 'folder';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.csv')) return 'csv';
  return undefined;
}

/**
 * Reads labelled examples from a path or URL in any of the supported formats, streamed,
 * plain or gzip-compressed. Every problem is a {@link DataError} naming the file and, where
 * there is one, the line: unknown format, missing text or label field, an empty document,
 * bytes that are not UTF-8, a truncated gzip, a tree without label folders.
 */
export async function readExamples(
  uri: string,
  options: ReadExamplesOptions = {},
): Promise<ExampleSet> {
  const cwd = options.cwd ?? process.cwd();
  const [target, selector = ''] = uri.split('#');
  const path = localPath(target, cwd);
  let isDirectory = false;
  if (path) {
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      // openSource reports a missing file with the fix.
    }
  }
  const format =
    options.format && options.format !== 'auto'
      ? options.format
      : detectFormat(target, isDirectory);
  if (!format)
    throw new DataError(
      `unknown data format: name the file .jsonl, .tsv, .csv or .tar.gz (a <label>/*.txt tree), or set DATA_FORMAT to one of ${DATA_FORMATS.join(', ')}`,
      uri,
    );
  const examples: Example[] = [];
  const add = (example: Example, line?: number) => {
    if (line !== undefined) example.line = line;
    examples.push(example);
    if (examples.length % 1000 === 0) options.onProgress?.(examples.length);
  };

  if (format === 'folder' && isDirectory && path) {
    const root = selector ? resolve(path, selector) : path;
    const tree = readFolderTree(root, uri, options);
    options.onProgress?.(tree.examples.length);
    return {
      examples: tree.examples,
      digest: tree.digest,
      bytes: tree.bytes,
      location: root,
      format,
    };
  }

  const source = await openSource(target, { ...options, cwd });
  try {
    if (format === 'folder')
      await readTarTree(source.content, uri, selector.replace(/^\/+/, ''), options, add);
    else if (format === 'jsonl') await readJsonLinesExamples(source.content, uri, options, add);
    else
      await readDelimitedExamples(source.content, uri, format === 'csv' ? ',' : '\t', options, add);
  } catch (error) {
    source.content.destroy();
    if (error instanceof DataError) throw error;
    throw new DataError(`could not be read (${(error as Error).message})`, uri, undefined, {
      cause: error,
    });
  }
  if (examples.length === 0) throw new DataError('contains no labelled examples', uri);
  options.onProgress?.(examples.length);
  const stored = source.stored();
  return {
    examples,
    digest: stored.digest,
    bytes: stored.bytes,
    location: source.location,
    format,
  };
}
