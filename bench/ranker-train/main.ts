// bench/ranker-train: LambdaMART of @mesh/ltr beside XGBoost rank:ndcg (Debian's python3-xgboost,
// hist, one thread) on the same synthetic LETOR-like data (ROWS rows x 50 features, ~40 documents
// per query): seconds per 100 trees, NDCG@10 on a held-out set, ONNX scoring rows/s through
// onnxruntime-node, peak RSS. Prints the figures and the ratios (also written to
// bench/results/ranker-train.json); asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { rankingReport, readSvmlightFile, syntheticLetor, trainLambdaMart } from '@mesh/ltr';
import { treeEnsembleRegressorModel } from '@mesh/onnx';
import { recordBenchResult } from '../lib/bench-result';

const ROWS = Number(process.env.ROWS ?? 100_000);
const TREES = Number(process.env.TREES ?? 100);
const DEPTH = 6;
const FEATURES = 50;

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus().length} CPUs (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'ranker-bench-'));
  try {
    const trainFile = join(dir, 'train.txt');
    const testFile = join(dir, 'test.txt');
    writeFileSync(
      trainFile,
      syntheticLetor({
        queries: Math.round(ROWS / 40),
        docsPerQuery: 40,
        features: FEATURES,
        seed: 1,
      }),
    );
    writeFileSync(
      testFile,
      syntheticLetor({ queries: 500, docsPerQuery: 40, features: FEATURES, seed: 2 }),
    );
    const train = await readSvmlightFile(trainFile);
    const test = await readSvmlightFile(testFile, { numFeatures: train.numFeatures });
    console.log(
      `data: ${train.labels.length} training rows x ${train.numFeatures} features in ${train.offsets.length - 1} queries; ${test.labels.length} test rows`,
    );

    let started = process.hrtime.bigint();
    const { model } = trainLambdaMart(train, {
      trees: TREES,
      maxDepth: DEPTH,
      learningRate: 0.1,
      earlyStoppingRounds: 0,
    });
    const oursSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const ours = rankingReport(test.labels, model.predict(test.features), test.offsets);

    const onnxFile = join(dir, 'model.onnx');
    writeFileSync(
      onnxFile,
      treeEnsembleRegressorModel({
        trees: model.trees,
        numFeatures: model.numFeatures,
        baseScore: model.baseScore,
      }),
    );
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(onnxFile, { intraOpNumThreads: 1 });
    const input = new ort.Tensor('float32', train.features, [
      train.labels.length,
      train.numFeatures,
    ]);
    await session.run({ input });
    started = process.hrtime.bigint();
    const runs = 3;
    for (let i = 0; i < runs; i++) await session.run({ input });
    const onnxRowsPerSecond =
      (runs * train.labels.length) / (Number(process.hrtime.bigint() - started) / 1e9);
    started = process.hrtime.bigint();
    model.predict(train.features);
    const jsonRowsPerSecond =
      train.labels.length / (Number(process.hrtime.bigint() - started) / 1e9);
    const oursRss = process.resourceUsage().maxRSS;

    const reference = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          join(__dirname, '..', '..', 'libs', 'ltr', 'tests', 'reference', 'xgboost_rank.py'),
          trainFile,
          testFile,
          String(TREES),
          String(DEPTH),
          '0.1',
        ],
        {
          maxBuffer: 1 << 28,
        },
      ).toString(),
    ) as {
      train_seconds: number;
      predict_seconds: number;
      max_rss_kb: number;
      predictions: number[];
    };
    const theirs = rankingReport(
      test.labels,
      Float64Array.from(reference.predictions),
      test.offsets,
    );
    const per100 = (seconds: number) => (seconds * 100) / TREES;
    console.log(
      `\n${''.padEnd(28)}${'@mesh/ltr'.padStart(12)}${'XGBoost'.padStart(12)}${'ratio'.padStart(8)}`,
    );
    const line = (name: string, a: number, b: number, digits = 2) =>
      console.log(
        `${name.padEnd(28)}${a.toFixed(digits).padStart(12)}${b.toFixed(digits).padStart(12)}${(a / b).toFixed(2).padStart(8)}`,
      );
    line(`seconds per 100 trees`, per100(oursSeconds), per100(reference.train_seconds));
    line('NDCG@10 (test)', ours['ndcg@10'], theirs['ndcg@10'], 4);
    line('peak RSS (MiB)', oursRss / 1024, reference.max_rss_kb / 1024, 0);
    console.log(
      `ONNX scoring (onnxruntime-node, 1 thread): ${Math.round(onnxRowsPerSecond).toLocaleString('en')} rows/s; JSON model in JS: ${Math.round(jsonRowsPerSecond).toLocaleString('en')} rows/s; XGBoost predict: ${Math.round(test.labels.length / reference.predict_seconds).toLocaleString('en')} rows/s`,
    );
    await session.release();
    const data = `${train.labels.length.toLocaleString('en')} rows x ${train.numFeatures} features, ${TREES} trees of depth ${DEPTH}`;
    const path = recordBenchResult('ranker-train', [
      {
        measure: `training seconds per 100 trees, ${data}: @mesh/ltr LambdaMART vs XGBoost rank:ndcg (hist, 1 thread)`,
        value: `${per100(oursSeconds).toFixed(1)} s vs ${per100(reference.train_seconds).toFixed(1)} s`,
        ratio: `${(oursSeconds / reference.train_seconds).toFixed(2)}x XGBoost's time`,
      },
      {
        measure: `NDCG@10 on ${test.labels.length.toLocaleString('en')} held-out rows, @mesh/ltr vs XGBoost`,
        value: `${ours['ndcg@10'].toFixed(4)} vs ${theirs['ndcg@10'].toFixed(4)}`,
        ratio: `${(ours['ndcg@10'] / theirs['ndcg@10']).toFixed(3)}x XGBoost's (${(100 * (ours['ndcg@10'] - theirs['ndcg@10'])).toFixed(2)} points); goal: within 1 point`,
      },
      {
        measure: `peak RSS, ${data}, @mesh/ltr vs XGBoost`,
        value: `${(oursRss / 1024).toFixed(0)} MiB vs ${(reference.max_rss_kb / 1024).toFixed(0)} MiB`,
        ratio: `${(oursRss / reference.max_rss_kb).toFixed(2)}x XGBoost's`,
      },
      {
        // Against the JSON model, scored on the same rows the same way: XGBoost's figure comes
        // from a predict right after an eval of the same DMatrix, which its prediction cache serves.
        measure: `scoring rows/s on the ${train.labels.length.toLocaleString('en')} training rows, the exported ONNX model in onnxruntime-node (1 thread) vs the JSON model in JS`,
        value: `${Math.round(onnxRowsPerSecond).toLocaleString('en')} vs ${Math.round(jsonRowsPerSecond).toLocaleString('en')}`,
        ratio: `${(onnxRowsPerSecond / jsonRowsPerSecond).toFixed(2)}x the JSON model's speed`,
      },
    ]);
    console.log(`figures written to ${path}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
