import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { tempTree } from '@mesh/testing';
import { main } from '../../src/main';

function workspace() {
  return tempTree({
    'nx.json': '{}',
    'config/dev.env':
      '# shared\nMODEL_STORE_URI=s3://shared/models\nREGISTRY_URL=sqlite:///shared.db\n',
    'projects/demo/train/package.json': JSON.stringify({
      name: '@mesh/demo-train',
      nx: { name: 'demo-train' },
    }),
    'projects/demo/train/config/dev.env': 'TOP_N=5\nREGISTRY_URL=sqlite:///own.db\n',
    'projects/demo/train/config/ci.env': 'TOP_N=oops\n',
    'projects/demo/train/dist/settings.js': `
const { int, secret, str } = require(${JSON.stringify(join(__dirname, '../../../settings/dist'))});
exports.settingsSpec = {
  TOP_N: int({ min: 1 })({ desc: 'top n', default: 10 }),
  API_TOKEN: secret(str({ desc: 'a token', default: '' })),
};`,
  });
}

async function mesh(root: string, env: Record<string, string>, ...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = new Output({ stdout, stderr, env: { CI: 'true' } });
  const previous = { ...process.env };
  for (const name of ['ENVIRONMENT', 'CI', 'MODEL_STORE_URI', 'REGISTRY_URL', 'TOP_N'])
    delete process.env[name];
  Object.assign(process.env, env);
  try {
    const code = await main(['node', 'mesh', ...args], root, output);
    return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
  } finally {
    process.env = previous;
  }
}

describe('mesh settings', () => {
  it('shows each value with its layer and file:line, secrets redacted', async () => {
    const root = workspace();
    const result = await mesh(root, { API_TOKEN: 'hunter2-secret' }, 'settings', 'demo', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout).settings as Array<{
      name: string;
      value: string;
      origin: string;
      source: string;
    }>;
    const byName = Object.fromEntries(
      rows.map((row) => [row.name, [row.value, row.origin, row.source]]),
    );
    expect(byName.TOP_N).toEqual(['5', 'component', 'projects/demo/train/config/dev.env:1']);
    expect(byName.REGISTRY_URL).toEqual([
      'sqlite:///own.db',
      'component',
      'projects/demo/train/config/dev.env:2',
    ]);
    expect(byName.MODEL_STORE_URI).toEqual(['s3://shared/models', 'workspace', 'config/dev.env:2']);
    expect(byName.S3_PART_SIZE_MB).toEqual(['64', 'default', 'default']);
    expect(byName.API_TOKEN[1]).toBe('environment');
    expect(result.stdout).not.toContain('hunter2');
  });

  it('exits 2 naming the file and line of an invalid value', async () => {
    const result = await mesh(workspace(), {}, 'settings', 'demo', '--environment', 'ci');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('projects/demo/train/config/ci.env:1');
  });
});
