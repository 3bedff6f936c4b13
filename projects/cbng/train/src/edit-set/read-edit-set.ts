import { createHash } from 'node:crypto';
import { DataError, contentOf, openUri, type OpenUriOptions } from '@mesh/data';
import { SaxesParser } from 'saxes';
import { EditFieldError, toWPEdit } from './to-wp-edit';
import type { WPEdit, XmlTree } from './wp-edit';

/** Options for {@link readEditSet}. */
export interface ReadEditSetOptions extends OpenUriOptions {
  /** Every edit must carry `isVandalism` (training and trial sets). Default: true. */
  requireLabel?: boolean;
  /** Called every 500 edits and at the end, with edits and stored bytes read so far. */
  onProgress?: (edits: number, bytes: number, totalBytes?: number) => void;
}

/** What {@link readEditSet} knows once the stream is read to the end. */
export interface EditSetSummary {
  edits: number;
  /** `sha256:<hex>` of the stored bytes. */
  digest: string;
  bytes: number;
  location: string;
}

/**
 * Streams a `<WPEditSet>` edit-set XML file (a path, file:// or http(s):// URL, optionally
 * `.gz`) and calls `onEdit` for each `<WPEdit>` as soon as it is closed, so a set of 50k edits
 * with full article texts is never held in memory. Entities (`&quot;`, numeric references) are
 * decoded. Malformed XML or a bad field fails with a {@link DataError} naming the URI and line.
 */
export async function readEditSet(
  uri: string,
  onEdit: (edit: WPEdit) => void | Promise<void>,
  options: ReadEditSetOptions = {},
): Promise<EditSetSummary> {
  const opened = await openUri(uri, options);
  const hash = createHash('sha256');
  let bytes = 0;
  opened.raw.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const builder = new EditSetBuilder(options.requireLabel ?? true);
  const parser = new SaxesParser({ position: true });
  let failure: Error | undefined;
  const fail = (message: string) => {
    failure ??= new DataError(message, opened.location, parser.line);
  };
  parser.on('error', (error) => fail(error.message.replace(/^[^:]*:\d+:\d+: /, '')));
  parser.on('opentag', (tag) => builder.open(tag.name, fail));
  parser.on('text', (text) => builder.text(text));
  parser.on('cdata', (text) => builder.text(text));
  parser.on('closetag', (tag) => builder.close(tag.name, fail));

  let edits = 0;
  const content = contentOf(opened);
  content.setEncoding('utf8');
  try {
    for await (const chunk of content as AsyncIterable<string>) {
      parser.write(chunk);
      if (failure) throw failure;
      for (const edit of builder.take()) {
        await onEdit(edit);
        if (++edits % 500 === 0) options.onProgress?.(edits, bytes, opened.size);
      }
    }
    parser.close();
    if (failure) throw failure;
  } catch (error) {
    content.destroy();
    opened.raw.destroy();
    if (error instanceof DataError) throw error;
    throw new DataError(
      `could not be read: ${(error as Error).message}`,
      opened.location,
      undefined,
      {
        cause: error,
      },
    );
  }
  for (const edit of builder.take()) {
    await onEdit(edit);
    edits++;
  }
  if (!builder.sawRoot)
    throw new DataError('no <WPEditSet> element: this is not an edit-set file', opened.location);
  if (edits === 0) throw new DataError('the edit set has no <WPEdit> elements', opened.location);
  options.onProgress?.(edits, bytes, opened.size);
  return { edits, digest: `sha256:${hash.digest('hex')}`, bytes, location: opened.location };
}

/** Reads a whole edit set into memory: for small sets (tests, the shipped samples, trial sets). */
export async function readAllEdits(
  uri: string,
  options: ReadEditSetOptions = {},
): Promise<{ edits: WPEdit[]; summary: EditSetSummary }> {
  const edits: WPEdit[] = [];
  const summary = await readEditSet(uri, (edit) => void edits.push(edit), options);
  return { edits, summary };
}

interface OpenElement {
  name: string;
  children: XmlTree | undefined;
  text: string;
}

/** Builds `<WPEdit>` trees from SAX events, below a `<WPEditSet>` root. */
class EditSetBuilder {
  sawRoot = false;
  private readonly stack: OpenElement[] = [];
  private ready: WPEdit[] = [];

  constructor(private readonly requireLabel: boolean) {}

  open(name: string, fail: (message: string) => void): void {
    if (this.stack.length === 0 && !this.sawRoot) {
      if (name !== 'WPEditSet') fail(`the root element is <${name}>, expected <WPEditSet>`);
      this.sawRoot = true;
    } else if (this.stack.length === 1 && name !== 'WPEdit') {
      fail(`<${name}> inside <WPEditSet>: only <WPEdit> elements are expected there`);
    }
    this.stack.push({ name, children: undefined, text: '' });
  }

  text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    // Only elements inside an edit keep text; whitespace between edits is dropped.
    if (top && this.stack.length > 2) top.text += text;
  }

  close(name: string, fail: (message: string) => void): void {
    const element = this.stack.pop();
    if (!element) return;
    const value: string | XmlTree = element.children ?? element.text;
    if (this.stack.length === 1 && name === 'WPEdit') {
      try {
        this.ready.push(toWPEdit(typeof value === 'object' ? value : {}, this.requireLabel));
      } catch (error) {
        if (error instanceof EditFieldError) {
          fail(`WPEdit ${describeEdit(value)}: ${error.message}`);
        } else throw error;
      }
      return;
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent && this.stack.length >= 2) (parent.children ??= {})[name] = value;
  }

  take(): WPEdit[] {
    const ready = this.ready;
    this.ready = [];
    return ready;
  }
}

function describeEdit(value: string | XmlTree): string {
  const id = typeof value === 'object' ? value.EditID : undefined;
  return typeof id === 'string' && id ? id : '(no EditID)';
}
