import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';

const workspace = join(__dirname, '..', '..', '..', '..');
const LIMIT_MS = 240_000;

/**
 * Runs a command in a pseudo-terminal (util-linux `script`), as a person typing it would: tools
 * that prompt only on a TTY (Nx's analytics question) would prompt here, and the command would
 * hang until the limit.
 */
function inTerminal(command: string, env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, TERM: 'xterm' };
  for (const name of ['CI', 'GITHUB_ACTIONS', 'NX_NO_CLOUD', 'JEST_WORKER_ID'])
    delete childEnv[name];
  return new Promise<{ code: number | null; text: string; timedOut: boolean }>((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: workspace,
      env: childEnv,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      resolve({ code, text: text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''), timedOut });
    });
  });
}

describe("the README's set-up and run commands in a real terminal", () => {
  it(
    'complete without a prompt',
    async () => {
      // `npm ci` has already run (this suite runs from an installed tree); `-o` keeps make from
      // running it again, which is what a first `make` after `npm ci` does.
      const result = await inTerminal(
        'make -o node_modules/.package-lock.json projects.start/keywords COMPONENT=train WITHOUT_DOCKER=true',
        { MESH_HOME: tempTree(), ENVIRONMENT: 'dev' },
      );
      expect(result.text).not.toMatch(/usage data|\? .*\(y\/N\)/i);
      expect(result.timedOut).toBe(false);
      expect(result.code).toBe(0);
      expect(result.text).toMatch(/Registered KEYWORDS-TRAINED-1/);
    },
    LIMIT_MS + 30_000,
  );
});
