import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree, writeTree, type FileTree } from './temp-tree';

/** The repository's own node_modules, so a fixture workspace runs the same nx. */
const NODE_MODULES = join(__dirname, '..', '..', '..', 'node_modules');

const manifest = (name: string, nxName: string, extra: object = {}) =>
  `${JSON.stringify({ name, version: '0.1.0', private: true, nx: { name: nxName }, ...extra }, null, 2)}\n`;

/** Files of a library package `libs/<name>` using the given `@mesh/*` libraries. */
export function fixtureLibrary(
  name: string,
  uses: string[] = [],
  suites: string[] = ['unit'],
): FileTree {
  const dependencies = Object.fromEntries(uses.map((lib) => [`@mesh/${lib}`, '*']));
  return {
    [`libs/${name}/package.json`]: manifest(`@mesh/${name}`, name, { dependencies }),
    [`libs/${name}/src/index.ts`]: `export const ${name.replace(/-/g, '_')} = 1;\n`,
    ...Object.fromEntries(suites.map((suite) => [`libs/${name}/tests/${suite}/a.test.ts`, ''])),
  };
}

/** Files of a component `projects/<project>/<component>` using the given libraries, with its declaration. */
export function fixtureComponent(
  project: string,
  component: string,
  uses: string[],
  options: { suites?: string[]; mesh?: object } = {},
): FileTree {
  const root = `projects/${project}/${component}`;
  const dependencies = Object.fromEntries(uses.map((lib) => [`@mesh/${lib}`, '*']));
  return {
    [`${root}/package.json`]: manifest(`@mesh/${project}-${component}`, `${project}-${component}`, {
      dependencies,
      ...(options.mesh ? { mesh: options.mesh } : {}),
    }),
    [`${root}/src/main.ts`]: `export {};\n`,
    ...Object.fromEntries(
      (options.suites ?? ['unit']).map((suite) => [`${root}/tests/${suite}/a.test.ts`, '']),
    ),
  };
}

/** A git repository holding a workspace of the mesh layout, with nx available. */
export interface FixtureWorkspace {
  root: string;
  /** Writes files and commits them; returns the new commit's sha. */
  commit(files: FileTree, message?: string): string;
}

/** A fresh workspace in a temporary git repository, its first commit holding `files`. */
export function fixtureWorkspace(files: FileTree): FixtureWorkspace {
  const root = tempTree({
    'package.json': `${JSON.stringify({ name: 'fixture', private: true, workspaces: ['libs/*', 'projects/*/*'] }, null, 2)}\n`,
    'nx.json': '{}\n',
    '.gitignore': 'node_modules\n.nx\n',
  });
  symlinkSync(NODE_MODULES, join(root, 'node_modules'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'mesh',
        GIT_AUTHOR_EMAIL: 'mesh@example.org',
        GIT_COMMITTER_NAME: 'mesh',
        GIT_COMMITTER_EMAIL: 'mesh@example.org',
      },
    }).trim();
  git('init', '--quiet', '--initial-branch', 'main');
  const commit = (tree: FileTree, message = 'change') => {
    writeTree(root, tree);
    git('add', '--all');
    git('commit', '--quiet', '--allow-empty', '--message', message);
    return git('rev-parse', 'HEAD');
  };
  commit(files, 'initial');
  return { root, commit };
}
