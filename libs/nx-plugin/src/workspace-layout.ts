import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The test suites a package can have, each in `tests/<suite>/`. */
export const SUITES = ['unit', 'integration', 'functional'] as const;
export type Suite = (typeof SUITES)[number];

/** What a folder holding a package.json is, by where it sits in the workspace. */
export type PackageKind =
  | { kind: 'component'; name: string; project: string; component: string }
  | { kind: 'library'; name: string }
  | { kind: 'app'; name: string };

/**
 * Classifies a package folder by the layout of DESIGN.md: `projects/<project>/<component>`
 * is a component named `<project>-<component>`, `libs/<name>` a library, `apps/<name>` an app.
 * Returns undefined for any other folder.
 */
export function classifyPackage(root: string): PackageKind | undefined {
  const parts = root.split('/');
  if (parts.length === 3 && parts[0] === 'projects') {
    const [, project, component] = parts;
    return { kind: 'component', name: `${project}-${component}`, project, component };
  }
  if (parts.length === 2 && parts[0] === 'libs') return { kind: 'library', name: parts[1] };
  if (parts.length === 2 && parts[0] === 'apps') return { kind: 'app', name: parts[1] };
  return undefined;
}

/** The suites a package has: those whose `tests/<suite>/` folder holds a `*.test.ts` file. */
export function suitesOf(workspaceRoot: string, root: string): Suite[] {
  return SUITES.filter((suite) => {
    const dir = join(workspaceRoot, root, 'tests', suite);
    return (
      existsSync(dir) &&
      readdirSync(dir, { recursive: true }).some((file) => String(file).endsWith('.test.ts'))
    );
  });
}
