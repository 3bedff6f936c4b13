import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { tempTree } from '@mesh/testing';
import { main } from '../../src/main';

async function mesh(root: string, env: Record<string, string>, ...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = new Output({ stdout, stderr, env: { CI: 'true' } });
  const previous = { ...process.env };
  delete process.env.MESH_HOME;
  Object.assign(process.env, env);
  try {
    const code = await main(['node', 'mesh', ...args], root, output);
    return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
  } finally {
    process.env = previous;
  }
}

describe('mesh models never creates a registry database', () => {
  it('exits 2 on a bare path, creating nothing', async () => {
    const root = tempTree({ 'nx.json': '{}' });
    const result = await mesh(root, { REGISTRY_URL: 'mydb.sqlite' }, 'models', 'list');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('REGISTRY_URL "mydb.sqlite" is not supported');
    expect(result.stderr).toContain('sqlite:relative/path.db');
    expect(readdirSync(root)).toEqual(['nx.json']);
  });

  it('exits 2 on a malformed PostgreSQL URL without printing its password', async () => {
    const root = tempTree({ 'nx.json': '{}' });
    const url = 'postgres//mesh:se@cretpw@127.0.0.1/db';
    const result = await mesh(root, { REGISTRY_URL: url }, 'models', 'list');
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/cretpw|se@/);
    expect(readdirSync(root)).toEqual(['nx.json']);
  });

  it('exits 2 when an explicit SQLite file does not exist, and does not create it', async () => {
    const root = tempTree({ 'nx.json': '{}' });
    for (const command of [
      ['models', 'list'],
      ['models', 'show', 'KEYWORDS-TRAINED-1'],
    ]) {
      const result = await mesh(root, { REGISTRY_URL: 'sqlite:typo.db' }, ...command);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`No registry database at ${join(root, 'typo.db')}`);
    }
    expect(existsSync(join(root, 'typo.db'))).toBe(false);
  });

  it('lists nothing from the embedded registry before the first registration, creating nothing', async () => {
    const root = tempTree({ 'nx.json': '{}' });
    const result = await mesh(root, {}, 'models', 'list');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('No models registered yet.');
    expect(existsSync(join(root, '.mesh'))).toBe(false);
  });
});
