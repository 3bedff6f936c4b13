import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The workspace root, from this file. */
export const ROOT = join(__dirname, '..', '..', '..', '..');

/** Builds keywords/train through nx (cached) unless its dist/main.js exists. */
export async function ensureKeywordsBuilt(): Promise<void> {
  if (existsSync(join(ROOT, 'projects/keywords/train/dist/main.js'))) return;
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [require.resolve('nx/bin/nx.js'), 'run', 'keywords-train:build', '--outputStyle=static'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`nx run keywords-train:build failed:\n${Buffer.concat(output)}`);
}
