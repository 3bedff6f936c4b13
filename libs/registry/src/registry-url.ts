import { isAbsolute, join, resolve } from 'node:path';
import { redactUrlCredentials } from '@mesh/settings';
import { RegistryError } from './errors';

/** Where the registry's metadata lives. */
export type RegistryLocation =
  | {
      engine: 'sqlite';
      path: string;
      /** True for the embedded default under MESH_HOME, false for one REGISTRY_URL names. */
      embedded?: boolean;
    }
  | { engine: 'postgres'; url: string };

/** The forms `REGISTRY_URL` accepts, as error messages list them. */
export const ACCEPTED_REGISTRY_URLS =
  'postgres://user:password@host:5432/db (or postgresql://), sqlite:///absolute/path.db, sqlite:relative/path.db (relative to the current directory), or empty for the embedded database MESH_HOME/registry.db';

/**
 * Parses `REGISTRY_URL` strictly, so that a typo is a settings error rather than a new
 * database somewhere unexpected:
 * - empty: the embedded SQLite database `<meshHome>/registry.db`;
 * - `sqlite:///abs/path.db`: an absolute SQLite path; `sqlite:rel/path.db`: relative to `cwd`;
 * - `postgres://` / `postgresql://` with a host and a database name.
 * Anything else (a bare path, an unknown scheme, `postgres//...`) throws a {@link RegistryError}
 * naming the value without its password and the accepted forms.
 */
export function parseRegistryUrl(
  value: string,
  meshHome: string,
  cwd: string = process.cwd(),
): RegistryLocation {
  const url = value.trim();
  if (url === '') return { engine: 'sqlite', path: join(meshHome, 'registry.db'), embedded: true };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgresUrl(url);
  if (scheme === 'sqlite') return parseSqliteUrl(url, cwd);
  if (scheme === undefined) {
    throw invalid(
      url,
      /^postgres(ql)?\/\//i.test(url) || url.includes('@')
        ? 'has no scheme (a ":" missing after postgres?)'
        : 'is a bare path, which is ambiguous',
    );
  }
  throw invalid(url, `has the unknown scheme "${scheme}:"`);
}

function parseSqliteUrl(url: string, cwd: string): RegistryLocation {
  const rest = url.replace(/^sqlite:/i, '');
  if (rest.startsWith('//')) {
    const path = rest.slice(2);
    if (!path.startsWith('/') || !isAbsolute(path)) {
      throw invalid(url, 'is not sqlite:///absolute/path (three slashes, no host)');
    }
    return { engine: 'sqlite', path: checkSqlitePath(url, path) };
  }
  if (rest === '' || rest.startsWith('/')) {
    throw invalid(url, 'is neither sqlite:///absolute/path.db nor sqlite:relative/path.db');
  }
  return { engine: 'sqlite', path: checkSqlitePath(url, resolve(cwd, rest)) };
}

function checkSqlitePath(url: string, path: string): string {
  if (/[?#]/.test(path) || path.endsWith('/')) {
    throw invalid(url, 'does not name a database file');
  }
  return path;
}

function parsePostgresUrl(url: string): RegistryLocation {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw invalid(url, 'is not postgres://host/db (the "//" is missing)');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(url, 'is not a valid URL (a password with "@", "/" or ":" must be %-encoded)');
  }
  if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
    throw invalid(url, 'names no host');
  }
  if (parsed.pathname.replace(/^\//, '') === '') throw invalid(url, 'names no database');
  if (parsed.pathname.split('/').length > 2) {
    throw invalid(url, `names the database "${parsed.pathname.slice(1)}", which contains "/"`);
  }
  return { engine: 'postgres', url };
}

/** The location as it may be shown: passwords masked. */
export function describeLocation(location: RegistryLocation): string {
  return location.engine === 'sqlite'
    ? `sqlite://${location.path}`
    : redactUrlCredentials(location.url);
}

function invalid(url: string, why: string): RegistryError {
  return new RegistryError(
    `REGISTRY_URL "${redactUrlCredentials(url)}" is not supported: it ${why}. Accepted: ${ACCEPTED_REGISTRY_URLS}.`,
  );
}
