import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest folder at or above `from` that holds `nx.json`: the workspace root. */
export function findWorkspaceRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Where mesh keeps local state (run folders, and later the embedded registry and store):
 * `MESH_HOME` when set, else `.mesh/` at the workspace root, else `.mesh/` beside `from`.
 */
export function meshHome(
  from: string,
  env: Record<string, string | undefined> = process.env,
): string {
  if (env.MESH_HOME) return resolve(env.MESH_HOME);
  return join(findWorkspaceRoot(from) ?? resolve(from), '.mesh');
}

/**
 * The workspace-wide `config/` folder (settings every component shares, below a component's own
 * `config/`), or null outside a workspace.
 */
export function workspaceConfigDir(from: string): string | null {
  const root = findWorkspaceRoot(from);
  return root ? join(root, 'config') : null;
}
