// Lines/s of nulog-train's template learner (Brain) on a generated 1M-line log, read with its
// LOG_FORMAT, next to the Drain baseline on the same file, each in its own process so each peak
// RSS is its own. See README.md; figures are printed (and written to
// bench/results/nulog-train.json), never asserted.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { readLogs } from '../../projects/nulog/train/src/logs/read-logs';
import { drainTemplates } from '../../projects/nulog/train/src/model/drain';
import { TemplateModel } from '../../projects/nulog/train/src/model/template-model';
import { tokenize } from '../../projects/nulog/train/src/model/tokenize';
import { recordBenchResult } from '../lib/bench-result';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const FORMAT = '<Date> <Time> <Level> <Component>: <Content>';
const STATEMENTS = [
  (i: number) => `GET /v1/jobs/${i % 997} answered ${[200, 404, 500][i % 3]} in ${i % 900} ms`,
  (i: number) =>
    `user ${['alice', 'bob', 'carol', 'dave'][i % 4]} logged in from 10.0.${i % 255}.${i % 253}`,
  (i: number) =>
    `job job-${(i * 2654435761) % 4294967296} for project ${['nulog', 'ner', 'keywords'][i % 3]} queued at position ${i % 40}`,
  (i: number) => `uploaded blob sha256:${(i * 40503).toString(16)} ( ${i % 90000} bytes )`,
  (i: number) => `PacketResponder ${i % 3} for block blk_${i} terminating`,
  (i: number) => `PacketResponder ${i % 3} for block blk_${i} closing`,
  (i: number) => `Received block blk_${i} of size ${i % 70000} from /10.1.${i % 255}.${i % 251}`,
  (i: number) => `connection pool has ${i % 10} idle and ${i % 7} busy connections`,
];

function generate(path: string): void {
  const chunk: string[] = [];
  writeFileSync(path, '');
  for (let i = 0; i < LINES; i++) {
    chunk.push(
      `2026-11-02 10:${String(i % 60).padStart(2, '0')}:00.000 INFO api.http: ${STATEMENTS[(i * 7919) % STATEMENTS.length](i)}`,
    );
    if (chunk.length === 100_000) {
      writeFileSync(path, `${chunk.join('\n')}\n`, { flag: 'a' });
      chunk.length = 0;
    }
  }
  if (chunk.length > 0) writeFileSync(path, `${chunk.join('\n')}\n`, { flag: 'a' });
}

/** What each measuring process prints. */
interface Measured {
  method: 'brain' | 'drain';
  lines: number;
  seconds: number;
  templates: number;
  rssMiB: number;
}

async function measure(method: 'brain' | 'drain', path: string): Promise<void> {
  const started = process.hrtime.bigint();
  const { records } = await readLogs(path, { cwd: process.cwd(), logFormat: FORMAT });
  const contents = records.map((record) => record.content);
  const templates =
    method === 'brain'
      ? TemplateModel.train(contents).model.templates.length
      : drainTemplates(contents.map((content) => tokenize(content, []))).templates.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = process.resourceUsage().maxRSS / 1024;
  const measured: Measured = { method, lines: contents.length, seconds, templates, rssMiB: rss };
  process.stdout.write(JSON.stringify(measured) + '\n');
}

async function main(): Promise<void> {
  const [mode, method, path] = process.argv.slice(2);
  if (mode === '--measure') return measure(method as 'brain' | 'drain', path);
  const cpu = cpus();
  console.log('mesh nulog-train benchmark');
  console.log(
    `machine: ${cpu.length} CPUs (${cpu[0]?.model.trim()}), ${(totalmem() / 1024 ** 3).toFixed(1)} GiB, ${platform()} ${release()} ${arch()}, Node ${process.version}`,
  );
  const folder = mkdtempSync(join(tmpdir(), 'mesh-bench-nulog-'));
  try {
    const path = join(folder, 'generated.log');
    generate(path);
    console.log(`generated ${LINES} lines of ${STATEMENTS.length} statements`);
    const results = (['brain', 'drain'] as const).map((method): Measured =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [...process.execArgv, __filename, '--measure', method, path],
          { encoding: 'utf8' },
        ),
      ),
    );
    for (const result of results)
      console.log(
        `${result.method.padEnd(5)} read + learn: ${(result.lines / result.seconds).toFixed(0)} lines/s (${result.seconds.toFixed(1)} s), ${result.templates} templates, peak RSS ${result.rssMiB.toFixed(0)} MiB`,
      );
    const [brain, drain] = results;
    const rate = (result: Measured) => result.lines / result.seconds;
    console.log(`brain / drain throughput: ${(rate(brain) / rate(drain)).toFixed(2)}`);
    const log = `${LINES.toLocaleString('en')} generated lines of ${STATEMENTS.length} statements`;
    const written = recordBenchResult('nulog-train', [
      {
        measure: `read + learn templates, ${log}: Brain (nulog-train) vs the Drain baseline`,
        value: `${rate(brain).toFixed(0)} lines/s (${brain.seconds.toFixed(1)} s) vs ${rate(drain).toFixed(0)} lines/s (${drain.seconds.toFixed(1)} s)`,
        ratio: `${(rate(brain) / rate(drain)).toFixed(2)}x Drain's throughput`,
      },
      {
        measure: `peak RSS, ${log}, Brain vs Drain`,
        value: `${brain.rssMiB.toFixed(0)} MiB vs ${drain.rssMiB.toFixed(0)} MiB`,
        ratio: `${(brain.rssMiB / drain.rssMiB).toFixed(2)}x Drain's`,
      },
      {
        measure: `templates found, ${log}, Brain vs Drain`,
        value: `${brain.templates} vs ${drain.templates}`,
        ratio: `of ${STATEMENTS.length} true templates`,
      },
    ]);
    console.log(`figures written to ${written}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();
