import { isAbsolute, join, resolve } from 'node:path';
import { redactUrlCredentials } from '@mesh/settings';
import { RegistryError } from './errors';

/** Where the registry's metadata lives. */
export type RegistryLocation =
  { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

/**
 * Parses `REGISTRY_URL`: empty for the embedded SQLite database under `meshHome`,
 * `sqlite:///abs/path.db` or a path for SQLite, `postgres://` / `postgresql://` for PostgreSQL.
 */
export function parseRegistryUrl(value: string, meshHome: string): RegistryLocation {
  const url = value.trim();
  if (url === '') return { engine: 'sqlite', path: join(meshHome, 'registry.db') };
  if (/^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  if (/^sqlite:\/\//i.test(url)) {
    const path = url.replace(/^sqlite:\/\//i, '');
    if (!isAbsolute(path)) throw invalid(url);
    return { engine: 'sqlite', path };
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return { engine: 'sqlite', path: resolve(url) };
  throw invalid(url);
}

/** The location as it may be shown: passwords masked. */
export function describeLocation(location: RegistryLocation): string {
  return location.engine === 'sqlite'
    ? `sqlite://${location.path}`
    : redactUrlCredentials(location.url);
}

function invalid(url: string): RegistryError {
  return new RegistryError(
    `REGISTRY_URL "${redactUrlCredentials(url)}" is not supported: use postgres://user:password@host:5432/db, sqlite:///absolute/path.db, or leave it empty for the embedded database under MESH_HOME.`,
  );
}
