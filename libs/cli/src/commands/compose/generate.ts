import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Output } from '@mesh/output';
import { readComponentDeclaration } from '@mesh/workspace';
import { listComponents, suitesOf, workspaceRoot } from '../../workspace';
import { composeFile, type ComposeComponent, type ComposeFlavour } from './compose-file';

/** Options of `mesh compose generate`. */
export interface GenerateComposeOptions {
  cwd: string;
  output: Output;
  /** Only compare: exit 1 when a committed file differs from what would be generated. Default: false. */
  check?: boolean;
}

/** Every project's compose files and the text they should have. */
export function expectedComposeFiles(root: string): Map<string, string> {
  const byProject = new Map<string, ComposeComponent[]>();
  for (const component of listComponents(root)) {
    const declaration = readComponentDeclaration(component, root);
    const entry = {
      project: component.project,
      component: component.component,
      gpus: declaration.gpu,
      env: declaration.env,
      suites: suitesOf(component),
    };
    byProject.set(component.project, [...(byProject.get(component.project) ?? []), entry]);
  }
  const files = new Map<string, string>();
  for (const [project, components] of byProject) {
    for (const flavour of ['dev', 'ci'] as ComposeFlavour[]) {
      files.set(
        `projects/${project}/docker-compose.${flavour}.yaml`,
        composeFile(project, components, flavour),
      );
    }
  }
  return files;
}

/** Writes every compose file whose text differs from what the generator makes; returns their paths. */
export function writeComposeFiles(root: string): string[] {
  const written: string[] = [];
  for (const [path, text] of expectedComposeFiles(root)) {
    const absolute = join(root, path);
    if (existsSync(absolute) && readFileSync(absolute, 'utf8') === text) continue;
    writeFileSync(absolute, text);
    written.push(path);
  }
  return written;
}

/** `mesh compose generate`: writes (or, with --check, verifies) every project's compose files. */
export async function generateCompose(options: GenerateComposeOptions): Promise<number> {
  const root = workspaceRoot(options.cwd);
  const stale: string[] = [];
  for (const [path, text] of expectedComposeFiles(root)) {
    const absolute = join(root, path);
    const current = existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
    if (current === text) continue;
    if (options.check) stale.push(path);
    else {
      writeFileSync(absolute, text);
      options.output.success(`Wrote ${path}`);
    }
  }
  if (stale.length > 0) {
    options.output.error(
      `Out of date: ${stale.join(', ')}. Run \`npx mesh compose generate\` and commit the result.`,
    );
    return 1;
  }
  if (options.check) options.output.success('Compose files are up to date.');
  return 0;
}
