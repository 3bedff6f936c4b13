import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertTags, evaluateChunks } from '@mesh/sequence';
import { readSentences } from '../../projects/ner/train/src/data/read-sentences';
import { trainNerModel } from '../../projects/ner/train/src/model/train';
import { recordBenchResult } from '../lib/bench-result';
import { generateCorpus, toConll } from './corpus';
import { ReferenceTagger } from './reference-tagger';

// ner/train speed benchmark: trains mesh's tagger and a plain greedy averaged-perceptron
// reference on a generated ~200k-token corpus, each in its own process (so peak RSS is its own),
// and prints wall time, peak RSS, prediction tokens/s and test F1 side by side, with ratios, also
// written to bench/results/ner-train.json.

interface Figures {
  system: string;
  trainSeconds: number;
  /** CPU seconds (user + system) of training: the figure that holds on a shared machine. */
  trainCpuSeconds: number;
  peakRssMb: number;
  predictTokensPerSecond: number;
  testF1: number;
  epochs: number;
}

const TOKENS = Number(process.env.BENCH_TOKENS ?? 200_000);

async function measure(system: 'mesh' | 'reference', dir: string): Promise<Figures> {
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const training = await readSentences(join(dir, 'train.conll'), { cwd: dir });
  const validation = await readSentences(join(dir, 'dev.conll'), { cwd: dir });
  const test = await readSentences(join(dir, 'test.conll'), { cwd: dir });
  let tag: (tokens: readonly string[]) => string[];
  let epochs = 5;
  if (system === 'mesh') {
    const result = await trainNerModel(training.sentences, validation.sentences, {
      maxEpochs: 30,
      patience: 3,
      minFeatureCount: 1,
      holdout: 0.1,
      seed: 1,
      wordClusters: true,
    });
    epochs = result.history.length;
    tag = (tokens) => result.model.tag(tokens);
  } else {
    const reference = new ReferenceTagger();
    reference.train(
      training.sentences.map((s) => ({ tokens: s.tokens, tags: convertTags(s.tags, 'IOB2') })),
    );
    tag = (tokens) => reference.tag(tokens);
  }
  const trainSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const trainCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const predictStarted = process.hrtime.bigint();
  const predictions = test.sentences.map((s) => convertTags(tag(s.tokens), 'IOB2'));
  const predictSeconds = Number(process.hrtime.bigint() - predictStarted) / 1e9;
  const f1 = evaluateChunks(
    test.sentences.map((s, i) => ({ gold: s.tags, predicted: predictions[i] })),
  ).overall.f1;
  return {
    system,
    trainSeconds,
    trainCpuSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    predictTokensPerSecond: test.tokens / predictSeconds,
    testF1: f1,
    epochs,
  };
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (mode === 'mesh' || mode === 'reference') {
    process.stdout.write(JSON.stringify(await measure(mode, dir)));
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'ner-bench-'));
  try {
    writeFileSync(join(work, 'train.conll'), toConll(generateCorpus(TOKENS, 1)));
    writeFileSync(join(work, 'dev.conll'), toConll(generateCorpus(TOKENS / 4, 2)));
    writeFileSync(join(work, 'test.conll'), toConll(generateCorpus(TOKENS / 4, 3)));
    const run = (system: string): Figures =>
      JSON.parse(
        execFileSync(process.execPath, ['-r', '@swc-node/register', __filename, system, work], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        }),
      );
    const mesh = run('mesh');
    const reference = run('reference');
    const rows = [mesh, reference].map((f) => ({
      system: f.system,
      'train s': f.trainSeconds.toFixed(1),
      'train CPU s': f.trainCpuSeconds.toFixed(1),
      'peak RSS MB': f.peakRssMb.toFixed(0),
      'predict tokens/s': f.predictTokensPerSecond.toFixed(0),
      'test F1': f.testF1.toFixed(4),
      epochs: f.epochs,
    }));
    process.stdout.write(`ner-train benchmark: ${TOKENS} training tokens, generated corpus\n`);
    console.table(rows);
    process.stdout.write(
      `ratios mesh/reference: train time ${(mesh.trainSeconds / reference.trainSeconds).toFixed(2)}, ` +
        `train CPU ${(mesh.trainCpuSeconds / reference.trainCpuSeconds).toFixed(2)}, ` +
        `peak RSS ${(mesh.peakRssMb / reference.peakRssMb).toFixed(2)}, ` +
        `prediction speed ${(mesh.predictTokensPerSecond / reference.predictTokensPerSecond).toFixed(2)}, ` +
        `F1 ${(mesh.testF1 / reference.testF1).toFixed(3)}\n`,
    );
    const corpus = `${TOKENS.toLocaleString('en')} generated training tokens`;
    const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}x`;
    const path = recordBenchResult('ner-train', [
      {
        measure: `training wall s (CPU s), ${corpus}: mesh (perceptron, Viterbi, ${mesh.epochs} epochs) vs a greedy averaged-perceptron reference (${reference.epochs} epochs)`,
        value: `${mesh.trainSeconds.toFixed(1)} s (${mesh.trainCpuSeconds.toFixed(1)} s) vs ${reference.trainSeconds.toFixed(1)} s (${reference.trainCpuSeconds.toFixed(1)} s)`,
        ratio: `${ratio(mesh.trainSeconds, reference.trainSeconds)} the reference's time (CPU ${ratio(mesh.trainCpuSeconds, reference.trainCpuSeconds)}); goal: mesh <= 120 s`,
      },
      {
        measure: `peak RSS, ${corpus}, mesh vs reference`,
        value: `${mesh.peakRssMb.toFixed(0)} MiB vs ${reference.peakRssMb.toFixed(0)} MiB`,
        ratio: `${ratio(mesh.peakRssMb, reference.peakRssMb)} the reference's`,
      },
      {
        measure: 'prediction tokens/s on the test file, mesh vs reference',
        value: `${mesh.predictTokensPerSecond.toFixed(0)} vs ${reference.predictTokensPerSecond.toFixed(0)}`,
        ratio: `${ratio(mesh.predictTokensPerSecond, reference.predictTokensPerSecond)} the reference's speed`,
      },
      {
        measure: 'test entity F1 (conlleval), mesh vs reference',
        value: `${mesh.testF1.toFixed(4)} vs ${reference.testF1.toFixed(4)}`,
        ratio: `${ratio(mesh.testF1, reference.testF1)} the reference's`,
      },
    ]);
    process.stdout.write(`figures written to ${path}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
