import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UnknownComponentError } from './errors';

/** The test suites a component can have, each in `tests/<suite>/`. */
export const SUITES = ['unit', 'integration', 'functional'] as const;
export type Suite = (typeof SUITES)[number];

/** A component folder, `projects/<project>/<component>`. */
export interface ComponentRef {
  project: string;
  component: string;
  /** Nx project name, `<project>-<component>`. */
  name: string;
  /** Absolute path of the folder. */
  root: string;
  /** Path relative to the workspace root. */
  path: string;
}

/** Every component of the workspace: each `projects/*\/*` folder with a package.json. */
export function listComponents(root: string): ComponentRef[] {
  const projectsDir = join(root, 'projects');
  if (!existsSync(projectsDir)) return [];
  const components: ComponentRef[] = [];
  for (const project of readdirSync(projectsDir, { withFileTypes: true })) {
    if (!project.isDirectory()) continue;
    for (const component of readdirSync(join(projectsDir, project.name), { withFileTypes: true })) {
      const folder = join(projectsDir, project.name, component.name);
      if (component.isDirectory() && existsSync(join(folder, 'package.json'))) {
        components.push({
          project: project.name,
          component: component.name,
          name: `${project.name}-${component.name}`,
          root: folder,
          path: relative(root, folder),
        });
      }
    }
  }
  return components.sort((a, b) => a.name.localeCompare(b.name));
}

/** Finds a component by project and component name, or lists the known ones in the error. */
export function resolveComponent(root: string, project: string, component: string): ComponentRef {
  const components = listComponents(root);
  const found = components.find((ref) => ref.project === project && ref.component === component);
  if (found) return found;
  const ofProject = components.filter((ref) => ref.project === project);
  if (ofProject.length > 0) {
    throw new UnknownComponentError(
      `Project "${project}" has no component "${component}". Its components: ${ofProject.map((ref) => ref.component).join(', ')}.`,
    );
  }
  const known =
    components.map((ref) => `${ref.project} (--component ${ref.component})`).join(', ') ||
    'none yet';
  throw new UnknownComponentError(
    `Unknown project "${project}". Known projects: ${known}. Create one with: npx mesh new ${project} --component ${component}`,
  );
}

/** A library folder, `libs/<name>` (or an app folder, `apps/<name>`). */
export interface LibraryRef {
  /** Nx project name: the folder's name. */
  name: string;
  /** Absolute path of the folder. */
  root: string;
  /** Path relative to the workspace root. */
  path: string;
}

/** Every library of the workspace: each `libs/*` folder with a package.json. */
export function listLibraries(root: string): LibraryRef[] {
  return listPackagesIn(root, 'libs');
}

/**
 * Every app of the workspace: each `apps/*` folder with a package.json (e.g. the Training API).
 * Apps are built and tested like libraries, under their folder's name.
 */
export function listApps(root: string): LibraryRef[] {
  return listPackagesIn(root, 'apps');
}

function listPackagesIn(root: string, parent: 'libs' | 'apps'): LibraryRef[] {
  const dir = join(root, parent);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'package.json')))
    .map((entry) => ({
      name: entry.name,
      root: join(dir, entry.name),
      path: relative(root, join(dir, entry.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The suites a package (component or library) has: those with at least one `*.test.ts` in
 * `tests/<suite>/`. These are the suites the Nx plugin makes targets of, so the ones `make test` runs.
 */
export function suitesOf(pkg: Pick<ComponentRef, 'root'>): Suite[] {
  return SUITES.filter((suite) => {
    const dir = join(pkg.root, 'tests', suite);
    return (
      existsSync(dir) &&
      readdirSync(dir, { recursive: true }).some((file) => String(file).endsWith('.test.ts'))
    );
  });
}
