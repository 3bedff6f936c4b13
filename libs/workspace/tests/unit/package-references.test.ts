import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

// `tsc -b` builds packages in the order of their tsconfig references, and a fresh clone has no
// dist/ to fall back on: a package importing @mesh/x without declaring it fails only there.

const root = join(__dirname, '..', '..', '..', '..');

function packages(): string[] {
  const folders: string[] = [];
  for (const parent of ['libs', 'apps']) {
    for (const name of readdirSync(join(root, parent))) folders.push(`${parent}/${name}`);
  }
  for (const project of readdirSync(join(root, 'projects'))) {
    if (!statSync(join(root, 'projects', project)).isDirectory()) continue;
    for (const name of readdirSync(join(root, 'projects', project)))
      if (statSync(join(root, 'projects', project, name)).isDirectory())
        folders.push(`projects/${project}/${name}`);
  }
  return folders.filter((folder) => {
    try {
      return statSync(join(root, folder, 'tsconfig.json')).isFile();
    } catch {
      return false;
    }
  });
}

/** The @mesh packages a folder's sources really import (not text that only looks like an import). */
function importedWorkspacePackages(folder: string): Set<string> {
  const names = new Set<string>();
  const sources = readdirSync(join(root, folder, 'src'), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'));
  for (const file of sources) {
    const text = readFileSync(join(root, folder, 'src', file), 'utf8');
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles)
      if (fileName.startsWith('@mesh/')) names.add(fileName.split('/').slice(0, 2).join('/'));
  }
  return names;
}

describe('workspace packages', () => {
  it.each(packages())('%s declares every @mesh package its sources import', (folder) => {
    const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    const tsconfig = ts.parseConfigFileTextToJson(
      'tsconfig.json',
      readFileSync(join(root, folder, 'tsconfig.json'), 'utf8'),
    ).config as { references?: Array<{ path: string }> };
    const referenced = new Set(
      (tsconfig.references ?? []).map((reference) => {
        const target = join(root, folder, reference.path);
        return JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).name as string;
      }),
    );
    const missing = [...importedWorkspacePackages(folder)]
      .filter((name) => name !== manifest.name)
      .flatMap((name) => [
        ...(manifest.dependencies?.[name] ? [] : [`${name} in package.json dependencies`]),
        ...(referenced.has(name) ? [] : [`${name} in tsconfig.json references`]),
      ]);
    expect(missing).toEqual([]);
  });
});
