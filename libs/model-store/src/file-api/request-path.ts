/** Where a request's path points, once the mount prefix is removed. */
export type RequestPath =
  | { kind: 'health' }
  /** A folder (or the root, `key` empty) or a file: `key` has no leading or trailing `/`. */
  | { kind: 'entry'; key: string; trailingSlash: boolean }
  /** A path that would leave the store or names a reserved place: refused with 403. */
  | { kind: 'refused'; reason: string }
  | { kind: 'malformed'; reason: string };

/** Paths under `/_/` belong to the API itself, never to stored files. */
const RESERVED = '_';

/**
 * Parses the path of a request URL (without query) relative to the mount point. Each segment is
 * percent-decoded on its own, so an encoded `..` (`%2e%2e`) or `/` (`%2f`) cannot sneak past the
 * check, and segments that are empty, `.`, `..`, or hold `\` or NUL are refused: no key made
 * here can name anything outside the store's root.
 */
export function parseRequestPath(path: string): RequestPath {
  if (path === '/_/health') return { kind: 'health' };
  const trailingSlash = path.endsWith('/');
  const body = path.replace(/^\/+/, '').replace(/\/$/, '');
  if (body === '') return { kind: 'entry', key: '', trailingSlash: true };
  const segments: string[] = [];
  for (const raw of body.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'malformed', reason: `"${raw}" is not valid percent-encoding` };
    }
    if (segment === '' || segment === '.' || segment === '..' || /[\\/\0]/.test(segment)) {
      return {
        kind: 'refused',
        reason: `the path ${JSON.stringify(path)} leaves the store (empty, ".", ".." or encoded "/", "\\" or NUL segment)`,
      };
    }
    segments.push(segment);
  }
  if (segments[0] === RESERVED) {
    return { kind: 'refused', reason: `paths under /${RESERVED}/ are reserved for the API` };
  }
  return { kind: 'entry', key: segments.join('/'), trailingSlash };
}

/** The URL path of a key below `base` (e.g. `/files`), each segment percent-encoded. */
export function urlPathOf(base: string, key: string, folder: boolean): string {
  const encoded = key === '' ? '' : key.split('/').map(encodeURIComponent).join('/');
  return `${base}/${encoded}${folder && encoded !== '' ? '/' : ''}`;
}
