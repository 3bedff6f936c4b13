import type { ModelStore } from '../model-store';
import { contentTypeOf } from './content-type';

/** One row of a folder's index: a file, or a folder summing what is below it. */
export interface FolderEntry {
  name: string;
  type: 'file' | 'folder';
  /** Bytes of the file, or of every file below the folder. */
  size: number;
  /** When the file was stored, or the newest file below the folder was; undefined if unknown. */
  lastModified?: Date;
  /** The file's Content-Type; `inode/directory` for a folder. */
  contentType: string;
}

/**
 * The entries directly inside the folder `key` (empty: the root), folders first, each group by
 * name; an empty list when nothing is stored below it. Walks every object below the folder, so
 * a folder's size and date cover its whole subtree.
 */
export async function listFolder(store: ModelStore, key: string): Promise<FolderEntry[]> {
  const prefix = key === '' ? '' : `${key}/`;
  const entries = new Map<string, FolderEntry>();
  for await (const object of store.list(prefix)) {
    const rest = object.key.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    if (slash < 0) {
      entries.set(name, {
        name,
        type: 'file',
        size: object.size,
        lastModified: object.lastModified,
        contentType: contentTypeOf(name),
      });
      continue;
    }
    const folder = entries.get(`${name}/`) ?? {
      name,
      type: 'folder' as const,
      size: 0,
      contentType: 'inode/directory',
    };
    folder.size += object.size;
    if (object.lastModified && (!folder.lastModified || object.lastModified > folder.lastModified))
      folder.lastModified = object.lastModified;
    entries.set(`${name}/`, folder);
  }
  return [...entries.values()].sort((a, b) =>
    a.type !== b.type ? (a.type === 'folder' ? -1 : 1) : a.name < b.name ? -1 : 1,
  );
}
