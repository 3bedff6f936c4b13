import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { DataError } from '@mesh/data';
import { mapLabel, type Example, type FieldOptions } from './example';
import { decodeUtf8 } from './read-lines';

/** Where a document of a tree sits: `<...>/<label>/<name>.txt`. */
function labelOfPath(path: string, prefix: string): string | undefined {
  const normalised = path.split(sep).join('/').replace(/^\.\//, '');
  if (prefix && !normalised.startsWith(`${prefix.replace(/\/$/, '')}/`)) return undefined;
  if (!normalised.endsWith('.txt')) return undefined;
  const parts = normalised.slice(prefix ? prefix.replace(/\/$/, '').length + 1 : 0).split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

function documentOf(
  bytes: Uint8Array,
  label: string,
  uri: string,
  name: string,
  options: FieldOptions,
): Example | undefined {
  const text = decodeUtf8(bytes, `${uri} (${name})`);
  if (text.trim() === '')
    throw new DataError(`${name} is an empty document: remove it or give it text`, uri);
  const mapped = mapLabel(label, options) as string;
  return options.ignoreLabels?.includes(mapped) ? undefined : { text, label: mapped, file: name };
}

const NO_LABELS =
  'has no <label>/*.txt documents: expected a folder tree <root>/<label>/<name>.txt (e.g. train/pos/1_9.txt)';

/**
 * Reads a folder tree `<root>/<label>/*.txt`, one document per file, the label being the name of
 * the folder holding it (at any depth). Files are read in sorted order; the digest covers every
 * document's path and bytes.
 */
export function readFolderTree(
  root: string,
  uri: string,
  options: FieldOptions,
): { examples: Example[]; digest: string; bytes: number } {
  const hash = createHash('sha256');
  let bytes = 0;
  const examples: Example[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const name = relative(root, path).split(sep).join('/');
        const label = labelOfPath(name, '');
        if (label === undefined) continue;
        const content = readFileSync(path);
        hash.update(`${name}\0`).update(content);
        bytes += content.length;
        const example = documentOf(content, label, uri, name, options);
        if (example) examples.push(example);
      }
    }
  };
  walk(root);
  if (examples.length === 0) throw new DataError(NO_LABELS, uri);
  return { examples, digest: `sha256:${hash.digest('hex')}`, bytes };
}

/**
 * Reads a tar archive (already decompressed) of such a tree, streamed entry by entry. `prefix`
 * (from `archive.tar.gz#aclImdb/train`) keeps only the documents under that folder.
 */
export async function readTarTree(
  content: Readable,
  uri: string,
  prefix: string,
  options: FieldOptions,
  onExample: (example: Example) => void,
): Promise<void> {
  const archive = extract();
  let documents = 0;
  const done = new Promise<void>((resolve, reject) => {
    archive.on('entry', (header, stream, next) => {
      const label = header.type === 'file' ? labelOfPath(header.name, prefix) : undefined;
      if (label === undefined) {
        stream.on('end', next);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('error', reject);
      stream.on('end', () => {
        try {
          const example = documentOf(Buffer.concat(chunks), label, uri, header.name, options);
          documents++;
          if (example) onExample(example);
          next();
        } catch (error) {
          reject(error);
          archive.destroy();
        }
      });
    });
    archive.on('finish', resolve);
    archive.on('error', (error) =>
      reject(
        error instanceof DataError
          ? error
          : new DataError(`is not a readable tar archive (${error.message})`, uri, undefined, {
              cause: error,
            }),
      ),
    );
  });
  content.on('error', (error) => archive.destroy(error));
  content.pipe(archive);
  await done;
  if (documents === 0)
    throw new DataError(prefix ? `${NO_LABELS} under ${prefix}/` : NO_LABELS, uri);
}
