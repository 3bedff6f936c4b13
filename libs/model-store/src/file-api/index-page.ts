import { formatBytes } from '@mesh/output';
import type { FolderEntry } from './folder-listing';
import { urlPathOf } from './request-path';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

/** A date as `2025-08-03 22:56:16` (UTC), or `-` when the store gave none. */
const formatDate = (date: Date | undefined) =>
  date ? date.toISOString().slice(0, 19).replace('T', ' ') : '-';

/**
 * The HTML index of a folder: a table of Name, Last Modified, Size and Type, with a link to the
 * parent folder below the root. Names are escaped and links percent-encoded, so stored names
 * cannot inject markup.
 */
export function renderIndexPage(base: string, key: string, entries: FolderEntry[]): string {
  const title = `Index of /${key}${key === '' ? '' : '/'}`;
  const rows: string[] = [];
  if (key !== '') {
    const parent = key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '';
    rows.push(
      `<tr><td><a href="${escapeHtml(urlPathOf(base, parent, true))}">../</a></td><td></td><td></td><td></td></tr>`,
    );
  }
  for (const entry of entries) {
    const folder = entry.type === 'folder';
    const href = urlPathOf(base, key === '' ? entry.name : `${key}/${entry.name}`, folder);
    rows.push(
      `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(entry.name)}${folder ? '/' : ''}</a></td>` +
        `<td>${formatDate(entry.lastModified)}</td>` +
        `<td>${folder ? '-' : formatBytes(entry.size)}</td>` +
        `<td>${folder ? 'Directory' : escapeHtml(entry.contentType)}</td></tr>`,
    );
  }
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif}th,td{text-align:left;padding:2px 12px}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<table>
<thead><tr><th>Name</th><th>Last Modified</th><th>Size</th><th>Type</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
