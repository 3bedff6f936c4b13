// Trains cbng on a generated 20k-edit set through its steps and prints the wall time of each
// step, the peak RSS and the edits scored per second, beside a reference: the same edit set
// only parsed (streamed through the SAX reader, no features). See README.md; nothing is asserted.
import { mkdtemp, rm } from 'node:fs/promises';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import { runSteps } from '@mesh/pipeline';
import { readEditSet } from '../../projects/cbng/train/src/edit-set/read-edit-set';
import { CbngModel } from '../../projects/cbng/train/src/model/cbng-model';
import { settingsSpec } from '../../projects/cbng/train/src/settings';
import { cbngSteps, LAYOUT, scoreEditSet } from '../../projects/cbng/train/src/steps';
import { writeSyntheticEditSet } from '../../projects/cbng/train/src/tasks/generate-edit-sets';
import { loadSettings } from '@mesh/settings';
import { recordBenchResult, type BenchFigure } from '../lib/bench-result';

const TRAIN_EDITS = Number(process.env.BENCH_TRAIN_EDITS ?? 20_000);
const TRIAL_EDITS = Number(process.env.BENCH_TRIAL_EDITS ?? 2_000);
const MiB = 1024 ** 2;

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'mesh-bench-cbng-'));
  try {
    const cpu = cpus();
    console.log('mesh cbng-train benchmark');
    console.log(
      `machine: ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ` +
        `${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory, ${platform()} ${release()} ${arch()}, Node ${process.version}`,
    );
    const train = join(folder, 'train.xml');
    const trial = join(folder, 'trial.xml');
    let started = Date.now();
    await writeSyntheticEditSet(train, TRAIN_EDITS, 101);
    await writeSyntheticEditSet(trial, TRIAL_EDITS, 202);
    console.log(
      `data: ${TRAIN_EDITS} training and ${TRIAL_EDITS} trial edits generated in ${seconds(Date.now() - started)}`,
    );

    // Reference: the training set parsed only.
    started = Date.now();
    const parsed = await readEditSet(train, () => undefined);
    const parseMs = Date.now() - started;
    console.log(
      `reference: parse only, ${parsed.edits} edits (${(parsed.bytes / MiB).toFixed(1)} MiB) in ${seconds(parseMs)}: ${rate(parsed.edits, parseMs)} edits/s`,
    );

    const values = loadSettings(settingsSpec, {
      configDir: null,
      env: {},
      context: 'bench',
    }).values;
    const run = join(folder, 'run');
    const sink = new PassThrough().resume();
    const records = await runSteps(
      cbngSteps({ values, training: train, trial, componentRoot: folder }),
      { folder: run, output: new Output({ env: { CI: 'true' }, stderr: sink, stdout: sink }) },
    );
    console.log('');
    console.log('step                  wall time');
    for (const record of records)
      console.log(`${record.name.padEnd(22)}${seconds(record.durationMs).padStart(9)}`);
    const total = records.reduce((sum, record) => sum + record.durationMs, 0);
    console.log(`${'all steps'.padEnd(22)}${seconds(total).padStart(9)}`);

    const model = CbngModel.load(run);
    started = Date.now();
    const scored = await scoreEditSet(model, join(run, LAYOUT.trialSet));
    const scoreMs = Date.now() - started;
    const trialParse = Date.now();
    await readEditSet(join(run, LAYOUT.trialSet), () => undefined);
    const trialParseMs = Date.now() - trialParse;
    console.log('');
    console.log(
      `scoring: ${scored.records.length} trial edits in ${seconds(scoreMs)}: ${rate(scored.records.length, scoreMs)} edits/s ` +
        `(parse only: ${rate(scored.records.length, trialParseMs)} edits/s; ratio scoring/parse ${(scoreMs / Math.max(1, trialParseMs)).toFixed(2)}x)`,
    );
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    console.log(`peak RSS: ${peakMiB.toFixed(0)} MiB`);
    console.log(
      `load average at the end: ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
    );
    const sizes = `${TRAIN_EDITS} train / ${TRIAL_EDITS} trial generated edits, ENSEMBLE_SIZE=${values.ENSEMBLE_SIZE}`;
    const figures: BenchFigure[] = [
      ...records.map((record) => ({
        measure: `cbng step ${record.name} (${sizes})`,
        value: seconds(record.durationMs),
        ratio: `${((record.durationMs / Math.max(1, total)) * 100).toFixed(0)}% of all steps`,
      })),
      { measure: `cbng all steps (${sizes})`, value: seconds(total), ratio: '' },
      {
        measure: 'cbng trial edits scored per second vs parsed only',
        value: `${rate(scored.records.length, scoreMs)} vs ${rate(scored.records.length, trialParseMs)} edits/s`,
        ratio: `${(scoreMs / Math.max(1, trialParseMs)).toFixed(2)}x the parse time`,
      },
      { measure: `cbng peak RSS (${sizes})`, value: `${peakMiB.toFixed(0)} MiB`, ratio: '' },
    ];
    console.log(`figures written to ${recordBenchResult('cbng-train', figures)}`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function rate(count: number, ms: number): string {
  return Math.round((count / Math.max(1, ms)) * 1000).toString();
}

void main();
