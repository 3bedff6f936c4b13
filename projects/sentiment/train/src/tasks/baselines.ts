import { join } from 'node:path';
import { stratifiedSplit } from '@mesh/ml';
import { Output, renderTable } from '@mesh/output';
import { loadSettings } from '@mesh/settings';
import { readExamples } from '../data/read-examples';
import { checkLabels, evaluateClassifier } from '../evaluation';
import { MajorityBaseline, NaiveBayesBaseline } from '../model/naive-bayes';
import { trainNbsvm } from '../model/train-nbsvm';
import { readOptionsOf } from '../read-settings';
import { settingsSpec } from '../settings';

// Auxiliary task `baselines` (make projects.run/sentiment TASK=baselines): the majority class,
// unigram Naive Bayes, and NBSVM-LR with fixed settings and with the validated grid, on the
// data the settings name (the shipped data by default), side by side.

const componentRoot = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const output = new Output();
  const values = loadSettings(settingsSpec, {
    configDir: join(componentRoot, 'config'),
    cwd: componentRoot,
  }).values;
  const options = { ...readOptionsOf(values), cwd: componentRoot };
  const training = await readExamples(values.TRAINING_DATA_URI, options);
  const evaluation = await readExamples(values.EVAL_DATA_URI, options);
  const texts = training.examples.map((e) => e.text);
  const labels = training.examples.map((e) => e.label);
  const all = texts.map((_, i) => i);
  const common = {
    negation: values.NEGATION,
    hashBits: values.HASH_BITS,
    minDf: values.MIN_DF === 'auto' ? (texts.length < 10_000 ? 1 : 2) : values.MIN_DF,
    alpha: 1,
    tolerance: 0.1,
    maxIterations: values.MAX_ITERATIONS,
    gridMaxIterations: Math.min(values.MAX_ITERATIONS, 40),
  };
  const unigramLr = trainNbsvm(
    texts,
    labels,
    { train: all, validation: [], refit: all },
    {
      ...common,
      candidates: [{ wordNgramMax: 1, charNgrams: null }],
      cGrid: [1],
    },
  );
  checkLabels(evaluation.examples, unigramLr.model.labels, values.EVAL_DATA_URI);
  const split = stratifiedSplit(labels, values.VALIDATION_FRACTION, values.SEED);
  const tuned = trainNbsvm(
    texts,
    labels,
    { train: split.train, validation: split.test, refit: all },
    {
      ...common,
      candidates: values.WORD_NGRAMS.map((n) => ({ wordNgramMax: n, charNgrams: null })),
      cGrid: values.C_GRID,
    },
  );
  const rows = [
    {
      model: 'majority class',
      scores: evaluateClassifier(new MajorityBaseline(training.examples), evaluation.examples),
    },
    {
      model: 'unigram Naive Bayes',
      scores: evaluateClassifier(NaiveBayesBaseline.train(training.examples), evaluation.examples),
    },
    {
      model: 'NB-scaled unigram LR, C=1',
      scores: evaluateClassifier(unigramLr.model, evaluation.examples),
    },
    {
      model: `NBSVM-LR, word 1-${tuned.chosen.wordNgramMax} grams, C=${tuned.chosen.C} (validated)`,
      scores: evaluateClassifier(tuned.model, evaluation.examples),
    },
  ];
  output.result(
    renderTable(rows, [
      { header: 'MODEL', value: (row) => row.model },
      {
        header: 'ACCURACY',
        value: (row) => row.scores.metrics.accuracy.toFixed(4),
        alignRight: true,
      },
      {
        header: 'MACRO-F1',
        value: (row) => row.scores.metrics.macro_f1.toFixed(4),
        alignRight: true,
      },
    ]).trimEnd(),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
