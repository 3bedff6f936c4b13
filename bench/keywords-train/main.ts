import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonLines } from '@mesh/data';
import { computeBaselines } from '../../projects/keywords/train/src/baselines';
import { evaluate } from '../../projects/keywords/train/src/evaluate';
import { fitKeywordModel } from '../../projects/keywords/train/src/model/fit';
import {
  KP_MINER_ALPHA,
  KP_MINER_SIGMA,
  type KeywordParams,
} from '../../projects/keywords/train/src/model/params';
import {
  parseCorpusRecord,
  parseEvaluationRecord,
} from '../../projects/keywords/train/src/records';
import { writeSyntheticCorpus } from '../../projects/keywords/train/tests/support/synthetic-corpus';
import { recordBenchResult } from '../lib/bench-result';

// keywords/train benchmark: generates an English corpus of abstracts with gold keyphrases
// (BENCH_DOCUMENTS for training, default 1,500; 300 for testing), trains with the component's
// defaults (supervised, settings chosen on a validation split) and, for comparison, KP-Miner
// without the ranker; prints training seconds, extraction ms per abstract, and strict F1@10 of
// the model, KP-Miner, n-gram TF-IDF and the gate's baselines. The reference is KP-Miner; the
// side-by-side figures go to bench/results/keywords-train.json.

interface Figures {
  trainSeconds: number;
  trainCpuSeconds: number;
  msPerAbstract: number;
  f1: number;
}

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 1500);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'keywords-bench-'));
  try {
    const paths = writeSyntheticCorpus(dir, { train: DOCUMENTS, test: 300, seed: 7 });
    const training = (await readJsonLines(paths.train, { validate: parseCorpusRecord })).records;
    const test = (await readJsonLines(paths.test, { validate: parseEvaluationRecord })).records;
    const params: KeywordParams = {
      ngramRange: [1, 3],
      candidates: (process.env.BENCH_CANDIDATES as KeywordParams['candidates']) ?? 'ngrams',
      stopWords: 'auto',
      topN: 10,
      cutoffPosition: 400,
      minFrequency: 1,
      alpha: KP_MINER_ALPHA,
      sigma: KP_MINER_SIGMA,
    };
    const rows: Array<[string, string]> = [];
    const figures: Figures[] = [];
    for (const [label, documents] of [
      ['supervised', training],
      ['KP-Miner (no gold keyphrases)', training.map(({ keyphrases: _, ...rest }) => rest)],
    ] as const) {
      const started = process.hrtime.bigint();
      const cpuStarted = process.cpuUsage();
      const { model, selection } = await fitKeywordModel(documents, {
        params,
        tune: true,
        validationFraction: 0.2,
        seed: 1,
      });
      const trainSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpu = process.cpuUsage(cpuStarted);
      const trainCpuSeconds = (cpu.user + cpu.system) / 1e6;
      const extractStarted = process.hrtime.bigint();
      for (const record of test)
        model.extract(record.text, { language: 'en', title: record.title });
      const msPerAbstract = Number(process.hrtime.bigint() - extractStarted) / 1e6 / test.length;
      const f1 = (await evaluate(model, test, 10)).overall.f1;
      figures.push({ trainSeconds, trainCpuSeconds, msPerAbstract, f1 });
      rows.push([
        `${label}: ${model.method}`,
        `train ${trainSeconds.toFixed(1)} s (CPU ${trainCpuSeconds.toFixed(1)} s) on ${DOCUMENTS}, extract ${msPerAbstract.toFixed(2)} ms/abstract, F1@10 ${f1.toFixed(4)}, ngram [${model.params.ngramRange}] cutoff ${model.params.cutoffPosition} minFreq ${model.params.minFrequency}; ${selection.reason}`,
      ]);
      if (label === 'supervised')
        for (const baseline of await computeBaselines(model, test))
          rows.push([`baseline ${baseline.name}`, `F1@10 ${baseline.f1.toFixed(4)}`]);
    }
    for (const [name, value] of rows) console.log(`${name}: ${value}`);
    console.log(
      `load average: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    const [ours, reference] = figures;
    const versus = (a: string, b: string) => `${a} vs ${b}`;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    const path = recordBenchResult('keywords-train', [
      {
        measure: `strict F1@10 on 300 generated abstracts, supervised (the default) vs KP-Miner (no gold keyphrases), ${DOCUMENTS} to train on`,
        value: versus(ours.f1.toFixed(4), reference.f1.toFixed(4)),
        ratio: `${ratio(ours.f1, reference.f1)} KP-Miner's`,
      },
      {
        measure: 'training CPU s (wall s), supervised vs KP-Miner, settings chosen on validation',
        value: versus(
          `${ours.trainCpuSeconds.toFixed(1)} s (${ours.trainSeconds.toFixed(1)} s)`,
          `${reference.trainCpuSeconds.toFixed(1)} s (${reference.trainSeconds.toFixed(1)} s)`,
        ),
        ratio: `${ratio(ours.trainCpuSeconds, reference.trainCpuSeconds)} KP-Miner's CPU time (wall ${ratio(ours.trainSeconds, reference.trainSeconds)})`,
      },
      {
        measure: 'extraction ms per abstract, supervised vs KP-Miner',
        value: versus(ours.msPerAbstract.toFixed(2), reference.msPerAbstract.toFixed(2)),
        ratio: `${ratio(ours.msPerAbstract, reference.msPerAbstract)} KP-Miner's time`,
      },
    ]);
    console.log(`figures written to ${path}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
