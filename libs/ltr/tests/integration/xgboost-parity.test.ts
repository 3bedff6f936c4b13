import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { rankingReport, readSvmlightFile, syntheticLetor, trainLambdaMart } from '../../src';

// Debian's python3-xgboost is the reference; /usr/bin/python3 is Debian's interpreter (a pyenv
// python on PATH would not see the Debian package).
const python = '/usr/bin/python3';
const xgboostVersion = (() => {
  const probe = spawnSync(python, ['-c', 'import xgboost; print(xgboost.__version__)'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : null;
})();
const reason = 'python3-xgboost is not installed (apt-get install python3-xgboost)';
if (!xgboostVersion) console.warn(`SKIPPED: LambdaMART vs XGBoost parity: ${reason}`);
const maybe = xgboostVersion ? describe : describe.skip;

maybe(`LambdaMART against XGBoost ${xgboostVersion ?? `(skipped: ${reason})`} rank:ndcg`, () => {
  it('reaches NDCG@10 within 1 point of XGBoost with the same trees, depth and learning rate', async () => {
    const dir = tempTree();
    const trainFile = join(dir, 'train.txt');
    const testFile = join(dir, 'test.txt');
    writeFileSync(
      trainFile,
      syntheticLetor({ queries: 150, docsPerQuery: 30, features: 30, seed: 11 }),
    );
    writeFileSync(
      testFile,
      syntheticLetor({ queries: 80, docsPerQuery: 30, features: 30, seed: 12 }),
    );
    const train = await readSvmlightFile(trainFile);
    const test = await readSvmlightFile(testFile, { numFeatures: train.numFeatures });
    const trees = 60;
    const { model } = trainLambdaMart(train, {
      trees,
      maxDepth: 6,
      learningRate: 0.1,
      earlyStoppingRounds: 0,
    });
    const ours = rankingReport(test.labels, model.predict(test.features), test.offsets);
    const reference = JSON.parse(
      execFileSync(
        python,
        [
          join(__dirname, '..', 'reference', 'xgboost_rank.py'),
          trainFile,
          testFile,
          String(trees),
          '6',
          '0.1',
        ],
        {
          maxBuffer: 1 << 28,
        },
      ).toString(),
    ) as { predictions: number[] };
    const theirs = rankingReport(
      test.labels,
      Float64Array.from(reference.predictions),
      test.offsets,
    );
    console.log(
      `NDCG@10 ours ${ours['ndcg@10'].toFixed(4)}, XGBoost ${theirs['ndcg@10'].toFixed(4)}`,
    );
    expect(ours['ndcg@10']).toBeGreaterThan(theirs['ndcg@10'] - 0.01);
  }, 120_000);
});
