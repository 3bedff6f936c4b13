import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connectDocker } from '@mesh/docker';

// `make projects.<suite>/keywords` without WITHOUT_DOCKER: each suite runs inside the
// development image as its compose service, the functional one against the compose file's
// s3 and postgres services, and the make target exits with the suite's code.

const workspace = join(__dirname, '..', '..', '..', '..');
const TAG = `ft-${process.pid}`;

function make(target: string): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('make', ['--no-print-directory', target, 'COMPONENT=train'], {
      cwd: workspace,
      env: { ...process.env, CI: 'true', IMAGE_TAG: TAG, WITHOUT_DOCKER: 'false' },
    });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, text }));
  });
}

beforeAll(async () => {
  // A real engine is required: this fails, with how to start one, rather than skipping.
  await connectDocker();
});
afterAll(async () => {
  const docker = await connectDocker();
  await docker
    .getImage(`keywords-train-development:${TAG}`)
    .remove({ force: true })
    .catch(() => undefined);
});

describe.each(['unit', 'integration', 'functional'])('make projects.%s/keywords', (suite) => {
  it(
    'passes inside the development image and leaves no container behind',
    async () => {
      const result = await make(`projects.${suite}/keywords`);
      if (result.code !== 0) throw new Error(`exit ${result.code}:\n${result.text.slice(-4000)}`);
      expect(result.text).toContain(`run train-${suite}`);
      expect(result.text).toMatch(/Tests:\s+\d+ passed, \d+ total/);
      expect(result.text).not.toMatch(/Tests:.*failed/);
      const docker = await connectDocker();
      const left = await docker.listContainers({
        all: true,
        filters: { label: [`com.docker.compose.project=mesh-keywords-${suite}`] },
      });
      expect(left).toEqual([]);
    },
    20 * 60_000,
  );
});
