import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Output } from '@mesh/output';
import { MeshError, UsageError } from '../../errors';
import { workspaceRoot } from '../../workspace';
import { writeComposeFiles } from '../compose/generate';
import { componentFiles } from './component-template';

/** Options of `mesh new`. */
export interface NewComponentOptions {
  cwd: string;
  output: Output;
  project: string;
  /** Default: `train`. */
  component: string;
  /** Skip `npm install`, which adds the new package to the lockfile. Default: false. */
  skipInstall?: boolean;
}

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** `mesh new`: writes a working component, then registers it with npm so the lockfile knows it. */
export async function newComponent(options: NewComponentOptions): Promise<number> {
  for (const [what, value] of [
    ['project', options.project],
    ['component', options.component],
  ]) {
    if (!NAME.test(value))
      throw new UsageError(
        `The ${what} name "${value}" is not valid: use lowercase letters, digits and single hyphens (e.g. sentiment).`,
      );
  }
  const root = workspaceRoot(options.cwd);
  const folder = join(root, 'projects', options.project, options.component);
  if (existsSync(folder))
    throw new UsageError(
      `${relative(root, folder)} exists already: choose another name or remove it first.`,
    );

  const files = componentFiles(options);
  for (const [path, content] of Object.entries(files)) {
    const target = join(folder, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await formatLikeTheWorkspace(root, target, content, options.output));
  }
  options.output.success(`Created ${relative(root, folder)}/ (${Object.keys(files).length} files)`);
  for (const path of writeComposeFiles(root)) options.output.success(`Wrote ${path}`);
  if (!options.skipInstall) {
    await options.output.step('Adding it to the npm workspace (npm install)', () =>
      npmInstall(root),
    );
  }
  const name = `${options.project}-${options.component}`;
  options.output.result(
    `Next: make projects.unit/${options.project} COMPONENT=${options.component}   # nx project ${name}`,
  );
  return 0;
}

function npmInstall(cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund'], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new MeshError(`npm install failed (exit ${code}):\n${stderr.trim()}`)),
    );
  });
}

/**
 * Formats a generated file with the workspace's own Prettier and settings, so a new component
 * passes `npm run check` as written. Without Prettier installed, the file is kept as generated.
 */
async function formatLikeTheWorkspace(
  root: string,
  path: string,
  content: string,
  output: Output,
): Promise<string> {
  let prettier: typeof import('prettier');
  try {
    // Prettier ships CommonJS for require: its API is the module's default export here.
    const loaded = await import(require.resolve('prettier', { paths: [root] }));
    prettier = (loaded.default ?? loaded) as typeof import('prettier');
  } catch {
    return content;
  }
  const info = await prettier.getFileInfo(path, { ignorePath: join(root, '.prettierignore') });
  if (info.ignored || !info.inferredParser) return content;
  try {
    const config = (await prettier.resolveConfig(path)) ?? {};
    return await prettier.format(content, { ...config, filepath: path });
  } catch (error) {
    output.warn(`could not format ${relative(root, path)}: ${(error as Error).message}`);
    return content;
  }
}
