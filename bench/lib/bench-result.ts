// Each benchmark's latest figures, kept in bench/results/<name>.json so the README's table of
// benchmarks (bench/lib/update-readme.ts) is made from what the benchmarks printed, never typed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/** One measured figure of a benchmark, as the README's table shows it. */
export interface BenchFigure {
  /** What was measured, e.g. `1 GiB upload, model store vs one PutObject`. */
  measure: string;
  /** The figure as printed, e.g. `4.10 s vs 3.90 s`. */
  value: string;
  /** The ratio the benchmark prints for it, e.g. `0.95x`; the goal, when it has one, after it. */
  ratio: string;
}

/** What bench/results/<name>.json holds. */
export interface BenchResult {
  /** The benchmark's folder under bench/, e.g. `model-store-upload`. */
  name: string;
  /** The script in that folder, when the folder has more than one benchmark, e.g. `accuracy.ts`. */
  script?: string;
  /** ISO date and time of the run (UTC). */
  date: string;
  /** Short hash of the workspace's HEAD at the run, with `+changes` when the tree was dirty. */
  commit: string;
  /** CPUs, model and memory of the machine. */
  machine: string;
  /** 1-minute load average when the run ended: the machine may be shared. */
  load: number;
  figures: BenchFigure[];
}

const root = join(__dirname, '..', '..');

/** Options of {@link recordBenchResult}. */
export interface RecordOptions {
  /**
   * The script that ran, when it is not the folder's main.ts (e.g. `accuracy.ts`): its figures
   * go to bench/results/<name>.<script without .ts>.json, so they do not replace main.ts's.
   * Default: main.ts, written to bench/results/<name>.json.
   */
  script?: string;
}

/**
 * Writes bench/results/<name>.json (or <name>.<script>.json) with the machine, date, commit and
 * load average, and returns its path. Run `node -r @swc-node/register bench/lib/update-readme.ts`
 * afterwards to refresh the README's table.
 */
export function recordBenchResult(
  name: string,
  figures: BenchFigure[],
  options: RecordOptions = {},
): string {
  const cpu = cpus();
  const result: BenchResult = {
    name,
    ...(options.script ? { script: options.script } : {}),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: currentCommit(),
    machine: `${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    load: Number(loadavg()[0].toFixed(2)),
    figures,
  };
  const folder = join(root, 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const path = join(
    folder,
    options.script ? `${name}.${options.script.replace(/\.ts$/, '')}.json` : `${name}.json`,
  );
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

function currentCommit(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const hash = git('rev-parse', '--short', 'HEAD').trim();
    // bench/results itself changes with every run: it does not make the tree dirty.
    const dirty = git('status', '--porcelain', '--', '.', ':!bench/results').trim() !== '';
    return dirty ? `${hash}+changes` : hash;
  } catch {
    return 'unknown';
  }
}
