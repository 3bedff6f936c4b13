import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { contentOf, DataError, openUri } from '@mesh/data';
import { detectScheme, parseTag, TagError, type TagScheme } from '@mesh/sequence';
import { ConllParser } from './conll';
import { parseJsonSentence } from './jsonl';
import type { TaggedSentence } from './sentence';

/** Options of {@link readSentences}. */
export interface ReadSentencesOptions {
  /** Base of relative paths: the component folder. */
  cwd: string;
  /** CoNLL tag column, 0-based, negative from the end. Default: -1 (last). */
  tagColumn?: number;
  /** Called every 1000 sentences and at the end with the sentences and bytes read so far. */
  onProgress?: (sentences: number, bytes: number, totalBytes?: number) => void;
}

/** The sentences of a data file, its tag scheme and what identifies the bytes. */
export interface SentenceData {
  sentences: TaggedSentence[];
  scheme: TagScheme;
  tokens: number;
  /** `sha256:<hex>` of the stored bytes. */
  digest: string;
  bytes: number;
  location: string;
  format: 'conll' | 'jsonl';
}

/** JSONL when the name ends in .jsonl or .json (optionally .gz), CoNLL columns otherwise. */
export function formatOf(uri: string): 'conll' | 'jsonl' {
  return /\.jsonl?(\.gz)?($|\?)/i.test(uri) ? 'jsonl' : 'conll';
}

/**
 * Streams tagged sentences from a path or URL (plain or .gz) in CoNLL column format or JSONL
 * `{tokens, tags}`, checks every tag is IOB1/IOB2/BIOES and detects the file's scheme. Bad
 * input throws a {@link DataError} naming the file and line.
 */
export async function readSentences(
  uri: string,
  options: ReadSentencesOptions,
): Promise<SentenceData> {
  const format = formatOf(uri);
  const opened = await openUri(uri, { cwd: options.cwd });
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new PassThrough();
  opened.raw.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  opened.raw.on('error', (error) => tap.destroy(error));
  const content = contentOf(opened);
  content.on('error', (error) => tap.destroy(error));
  content.pipe(tap);

  const sentences: TaggedSentence[] = [];
  let tokens = 0;
  const conll = new ConllParser(uri, { tagColumn: options.tagColumn });
  const accept = (sentence: TaggedSentence | undefined) => {
    if (!sentence) return;
    sentence.tags.forEach((tag, i) => {
      try {
        parseTag(tag);
      } catch (error) {
        if (error instanceof TagError)
          throw new DataError(
            error.message,
            uri,
            format === 'conll' ? sentence.line + i : sentence.line,
          );
        throw error;
      }
    });
    sentences.push(sentence);
    tokens += sentence.tokens.length;
    if (sentences.length % 1000 === 0) options.onProgress?.(sentences.length, bytes, opened.size);
  };
  let line = 0;
  try {
    for await (const text of createInterface({ input: tap, crlfDelay: Infinity })) {
      line++;
      if (format === 'conll') {
        accept(conll.line(text, line));
        continue;
      }
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new DataError(`not valid JSON (${(error as Error).message})`, uri, line);
      }
      let sentence: TaggedSentence;
      try {
        sentence = parseJsonSentence(value);
      } catch (error) {
        throw new DataError((error as Error).message, uri, line);
      }
      sentence.line = line;
      accept(sentence);
    }
    if (format === 'conll') accept(conll.end());
  } catch (error) {
    opened.raw.destroy();
    if (error instanceof DataError) throw error;
    throw new DataError(`could not be read (${(error as Error).message})`, uri, undefined, {
      cause: error,
    });
  }
  if (sentences.length === 0)
    throw new DataError(
      format === 'conll'
        ? 'contains no sentences (expected CoNLL columns: a token per line, the tag last, a blank line between sentences)'
        : 'contains no records (expected JSONL lines {"tokens": [...], "tags": [...]})',
      uri,
    );
  options.onProgress?.(sentences.length, bytes, opened.size);
  return {
    sentences,
    scheme: detectScheme(sentences.map((s) => s.tags)),
    tokens,
    digest: `sha256:${hash.digest('hex')}`,
    bytes,
    location: opened.location,
    format,
  };
}
