// Times `make projects.start/keywords COMPONENT=train` (image already built) against a bare
// `docker run` of the same image with the same settings, a few times each, and prints the
// medians and their ratio: what mesh's checks, cached build and registration setup add. Asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { recordBenchResult } from '../lib/bench-result';

const root = join(__dirname, '..', '..');
const RUNS = Number(process.env.RUNS ?? 3);

function time(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-bench-'));
  chownSync(dir, 1000, 1000);
  return dir;
}

console.log(
  `machine: ${cpus().length} CPUs (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);
execFileSync('make', ['--no-print-directory', 'projects.build/keywords', 'COMPONENT=train'], {
  cwd: root,
  stdio: 'ignore',
});
const make: number[] = [];
const bare: number[] = [];
for (let i = 0; i < RUNS; i++) {
  make.push(
    time('make', ['--no-print-directory', 'projects.start/keywords', 'COMPONENT=train'], {
      ...process.env,
      MESH_HOME: home(),
    }),
  );
  bare.push(
    time(
      'docker',
      [
        'run',
        '--rm',
        '--network',
        'host',
        '-v',
        `${home()}:/var/lib/mesh`,
        '-e',
        'MESH_HOME=/var/lib/mesh',
        `keywords-train:${process.env.IMAGE_TAG || 'dev'}`,
      ],
      process.env,
    ),
  );
}
console.log(
  `make projects.start (median of ${RUNS}): ${median(make).toFixed(2)} s   [${make.map((s) => s.toFixed(2)).join(', ')}]`,
);
console.log(
  `bare docker run     (median of ${RUNS}): ${median(bare).toFixed(2)} s   [${bare.map((s) => s.toFixed(2)).join(', ')}]`,
);
console.log(`ratio make / docker run: ${(median(make) / median(bare)).toFixed(2)}`);
console.log(
  `load average: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
const written = recordBenchResult('start-overhead', [
  {
    measure: `make projects.start/keywords vs bare docker run (median of ${RUNS})`,
    value: `${median(make).toFixed(2)} s vs ${median(bare).toFixed(2)} s`,
    ratio: `${(median(make) / median(bare)).toFixed(2)}x; goal <= 1.15x`,
  },
]);
console.log(`figures written to ${written}`);
