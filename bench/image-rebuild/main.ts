// Times three builds of the keywords/train production image: cold (layer cache ignored), again with
// nothing changed, and after a one-line source change. Prints the times, their ratios, and which
// dependency-install steps ran rather than coming from the layer cache. Asserts nothing.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { connectDocker } from '@mesh/docker';
import { Output } from '@mesh/output';
import { buildComponentImage } from '../../libs/cli/src/commands/docker/component-image';
import { resolveComponent } from '../../libs/cli/src/workspace';
import { recordBenchResult } from '../lib/bench-result';

const root = join(__dirname, '..', '..');
const env = { ...process.env, IMAGE_TAG: 'bench' };
const quiet = new Output({
  env: { CI: 'true' },
  stderr: { write: () => true } as never,
  stdout: { write: () => true } as never,
});

async function build(docker: Awaited<ReturnType<typeof connectDocker>>, noCache = false) {
  const component = resolveComponent(root, 'keywords', 'train');
  const installs: string[] = [];
  let step = '';
  let cached = false;
  const started = process.hrtime.bigint();
  await buildComponentImage({
    docker,
    root,
    component,
    output: quiet,
    env,
    stage: 'production',
    noCache,
    onEvent: (event) => {
      if (event.step) {
        if (/npm ci/.test(step) && !cached) installs.push(step.replace(/^Step \d+\/\d+ : /, ''));
        step = event.step;
        cached = false;
      } else if (event.line?.includes('Using cache')) cached = true;
    },
  });
  if (/npm ci/.test(step) && !cached) installs.push(step);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, installs };
}

/** Seconds of `make projects.build/keywords` (the image) through the CLI, as a user runs it. */
function timeMake(): number {
  const started = process.hrtime.bigint();
  execFileSync('make', ['--no-print-directory', 'projects.build/keywords', 'COMPONENT=train'], {
    cwd: root,
    env,
    stdio: 'ignore',
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main() {
  const docker = await connectDocker(env);
  console.log(
    `machine: ${cpus().length} CPUs (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  );
  execFileSync('docker', ['image', 'rm', '-f', 'keywords-train:bench'], { stdio: 'ignore' });
  const cold = await build(docker, true);
  const unchanged = await build(docker);
  // What a user types, with nothing changed: make, the mesh CLI, the engine's answer.
  const makeUnchanged = timeMake();
  const source = join(root, 'projects', 'keywords', 'train', 'src', 'main.ts');
  const original = readFileSync(source, 'utf8');
  appendFileSync(source, '// bench: a one-line change\n');
  let changed;
  try {
    changed = await build(docker);
  } finally {
    writeFileSync(source, original);
  }
  const show = (name: string, run: { seconds: number; installs: string[] }) =>
    console.log(
      `${name.padEnd(28)} ${run.seconds.toFixed(1).padStart(7)} s   dependency installs run: ${run.installs.length ? run.installs.join('; ') : 'none (cached)'}`,
    );
  show('cold build', cold);
  show('rebuild, nothing changed', unchanged);
  console.log(
    `${'make projects.build, nothing changed'.padEnd(28)} ${makeUnchanged.toFixed(1).padStart(7)} s`,
  );
  show('rebuild, one-line change', changed);
  console.log(`ratio nothing-changed / cold: ${(unchanged.seconds / cold.seconds).toFixed(3)}`);
  console.log(`ratio one-line-change / cold: ${(changed.seconds / cold.seconds).toFixed(3)}`);
  console.log(
    `load average: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  const seconds = (run: { seconds: number }) => `${run.seconds.toFixed(1)} s`;
  const path = recordBenchResult('image-rebuild', [
    {
      measure: 'keywords/train image rebuild, nothing changed vs cold',
      value: `${seconds(unchanged)} vs ${seconds(cold)}`,
      ratio: `${(unchanged.seconds / cold.seconds).toFixed(3)}; goal <= 2 s`,
    },
    {
      measure: 'make projects.build/keywords (image), nothing changed vs cold',
      value: `${makeUnchanged.toFixed(1)} s vs ${seconds(cold)}`,
      ratio: `${(makeUnchanged / cold.seconds).toFixed(3)}; goal <= 2 s`,
    },
    {
      measure: 'keywords/train image rebuild, one-line change vs cold',
      value: `${seconds(changed)} vs ${seconds(cold)}`,
      ratio: `${(changed.seconds / cold.seconds).toFixed(3)}; goal <= 0.15`,
    },
  ]);
  console.log(`figures written to ${path}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
