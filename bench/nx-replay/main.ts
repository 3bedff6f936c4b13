// Times a second `make projects.unit/keywords COMPONENT=train WITHOUT_DOCKER=true` with nothing
// changed (Nx replays the suite from its cache) against the floor under it: `nx --version`, a bare
// Node start-up of Nx. Rounds alternate, so load from other processes falls on both alike. Prints
// the medians and their ratios. Asserts nothing.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { recordBenchResult } from '../lib/bench-result';

const root = join(__dirname, '..', '..');
const RUNS = Number(process.env.RUNS ?? 5);
const GOAL_SECONDS = 1;
const replay = [
  '--no-print-directory',
  'projects.unit/keywords',
  'COMPONENT=train',
  'WITHOUT_DOCKER=true',
];

function time(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const show = (values: number[]) =>
  `${median(values).toFixed(2)} s   [${values.map((s) => s.toFixed(2)).join(', ')}]`;

console.log(
  `machine: ${cpus().length} CPUs (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);
// The first run fills the cache (and starts the Nx daemon where it is on): it is not timed.
time('make', replay);
const make: number[] = [];
const nx: number[] = [];
const node: number[] = [];
for (let i = 0; i < RUNS; i++) {
  make.push(time('make', replay));
  nx.push(time(process.execPath, [join(root, 'node_modules', '.bin', 'nx'), '--version']));
  node.push(time(process.execPath, ['-e', '0']));
}
console.log(`second make projects.unit (median of ${RUNS}): ${show(make)}`);
console.log(`floor: nx --version          (median of ${RUNS}): ${show(nx)}`);
console.log(`floor: node -e 0             (median of ${RUNS}): ${show(node)}`);
console.log(
  `ratio replay / goal of ${GOAL_SECONDS} s: ${(median(make) / GOAL_SECONDS).toFixed(2)}`,
);
console.log(`ratio replay / nx --version: ${(median(make) / median(nx)).toFixed(2)}`);
console.log(
  `load average: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
const written = recordBenchResult('nx-replay', [
  {
    measure: `second make projects.unit/keywords WITHOUT_DOCKER=true, nothing changed, vs nx --version (median of ${RUNS})`,
    value: `${median(make).toFixed(2)} s vs ${median(nx).toFixed(2)} s`,
    ratio: `${(median(make) / median(nx)).toFixed(2)}x of nx --version; goal <= ${GOAL_SECONDS} s`,
  },
]);
console.log(`figures written to ${written}`);
