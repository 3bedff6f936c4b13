import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createNodesFromFiles,
  type CreateNodes,
  type CreateNodesResult,
} from 'nx/src/devkit-exports';
import { inferTargets } from './infer-targets';
import { classifyPackage, suitesOf } from './workspace-layout';

/** Every package of the workspace layout: libraries, apps and project components. */
export const PACKAGE_GLOB = '{libs/*,apps/*,projects/*/*}/package.json';

/**
 * Infers each package's Nx project from its folder alone: `projects/keywords/train` becomes
 * `keywords-train` with build, unit, integration, functional, test and start; a library gets
 * build and its suites. No package needs a project.json.
 */
export const createNodes: CreateNodes = [
  PACKAGE_GLOB,
  (files, options, context) =>
    createNodesFromFiles(
      (file, _options, { workspaceRoot }): CreateNodesResult => {
        const root = dirname(file);
        const kind = classifyPackage(root);
        if (!kind) return {};
        checkProjectName(join(workspaceRoot, file), file, kind.name);
        const tags = [`type:${kind.kind}`];
        if (kind.kind === 'component') tags.push(`project:${kind.project}`);
        return {
          projects: {
            [root]: {
              name: kind.name,
              root,
              sourceRoot: `${root}/src`,
              projectType: kind.kind === 'library' ? 'library' : 'application',
              tags,
              targets: inferTargets(root, kind, suitesOf(workspaceRoot, root)),
            },
          },
        };
      },
      files,
      options,
      context,
    ),
];

/**
 * Nx names a workspace package after its package.json `name` unless `nx.name` says otherwise, and
 * that naming wins over a plugin's. A component's folder decides its name, so its manifest must
 * agree; this says how to fix it when it does not, instead of leaving a project under two names.
 */
function checkProjectName(path: string, file: string, expected: string): void {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    name?: string;
    nx?: { name?: string };
  };
  const actual = manifest.nx?.name ?? manifest.name;
  if (actual !== expected) {
    throw new Error(
      `${file}: its Nx project name is "${actual}" but its folder makes it "${expected}". ` +
        `Add "nx": { "name": "${expected}" } to ${file}.`,
    );
  }
}
