import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';

// Ctrl-C during training: the real component process (from its sources) gets SIGINT while it
// learns from a corpus large enough to take many seconds, and must stop promptly with 130,
// keeping no run folder. The training loops yield to signal handlers every 200 documents.

const componentRoot = join(__dirname, '..', '..');
jest.setTimeout(300_000);

it('stops training on SIGINT within a few seconds, exit 130, nothing kept', async () => {
  const dir = tempTree();
  const home = tempTree();
  const paths = writeSyntheticCorpus(dir, { train: 4000, test: 20, seed: 5 });
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: componentRoot,
    env: {
      ...process.env,
      MESH_HOME: home,
      ENVIRONMENT: 'dev',
      TRAINING_DATA_URI: paths.train,
      EVAL_DATA_URI: paths.test,
      CI: 'true',
    },
  });
  let text = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += String(chunk);
      if (/Training on \d+ documents/.test(text)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => reject(new Error(`exited before training:\n${text}`)));
  });
  // Let it get into the training loops.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const sent = Date.now();
  child.kill('SIGINT');
  const code = await exit;
  const elapsed = Date.now() - sent;
  expect(code).toBe(130);
  expect(text).toMatch(/interrupted; nothing was registered/);
  // Bound for a shared, loaded machine; unloaded it is well under a second.
  expect(elapsed).toBeLessThan(5000);
  const runs = join(home, 'runs', 'keywords-train');
  expect(existsSync(runs) ? readdirSync(runs).filter((name) => !name.startsWith('.')) : []).toEqual(
    [],
  );
});
