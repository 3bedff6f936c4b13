import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CsrBuilder,
  fitLogisticDual,
  logisticObjective,
  SeededRandom,
  trainLogisticRegression,
  type CsrMatrix,
} from '@mesh/ml';

function matrixOf(rows: number[][]): CsrMatrix {
  const builder = new CsrBuilder();
  for (const row of rows) {
    const columns: number[] = [];
    const values: number[] = [];
    row.forEach((value, column) => {
      if (value !== 0) {
        columns.push(column);
        values.push(value);
      }
    });
    builder.addRow(columns, values);
  }
  return builder.build(rows[0].length);
}

/** 300 rows over 8 sparse columns, labels drawn from a known logistic model (+1/-1). */
function synthetic(seed: number): { rows: number[][]; y: number[] } {
  const random = new SeededRandom(seed);
  const truth = [1.5, -2, 0.5, 0, 1, -0.5, 0.25, -1];
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const row = truth.map(() => (random.next() < 0.4 ? Math.round(random.next() * 30) / 10 : 0));
    const z = 0.3 + row.reduce((sum, value, j) => sum + value * truth[j], 0);
    rows.push(row);
    y.push(random.next() < 1 / (1 + Math.exp(-z)) ? 1 : -1);
  }
  return { rows, y };
}

describe('fitLogisticDual', () => {
  it('solves one example without a bias by hand: w = 1 / (1 + e^w), w = 0.4010581', () => {
    const fitted = fitLogisticDual(matrixOf([[1]]), [1], { bias: 0, tolerance: 1e-10 });
    expect(fitted.weights[0]).toBeCloseTo(0.4010581375, 7);
    expect(fitted.intercept).toBe(0);
    // The primal-dual link: w = alpha * y * x.
    expect(fitted.alpha[0]).toBeCloseTo(fitted.weights[0], 12);
  });

  it('solves one example with a regularised bias by hand: w = b = t/2, t/2 = 1/(1+e^t)', () => {
    // 0.5 (w^2 + b^2) + log(1 + exp(-(w + b))) is symmetric in w and b; with t = w + b its
    // minimum solves t/2 = 1/(1 + e^t), t = 0.6748316.
    const fitted = fitLogisticDual(matrixOf([[1]]), [1], { tolerance: 1e-10 });
    expect(fitted.weights[0]).toBeCloseTo(0.3374158072, 7);
    expect(fitted.intercept).toBeCloseTo(0.3374158072, 7);
  });

  it('scales columns like a scaled copy of the matrix, and weights rows like a larger C', () => {
    const { rows, y } = synthetic(5);
    const scale = [0.5, 2, 1, 3, 0.25, 1, 4, 1.5];
    const scaledRows = rows.map((row) => row.map((value, j) => value * scale[j]));
    const a = fitLogisticDual(matrixOf(rows), y, { columnScale: scale, tolerance: 1e-8 });
    const b = fitLogisticDual(matrixOf(scaledRows), y, { tolerance: 1e-8 });
    a.weights.forEach((w, j) => expect(w).toBeCloseTo(b.weights[j], 6));
    const weighted = fitLogisticDual(matrixOf(rows), y, {
      C: 0.5,
      sampleWeights: y.map(() => 2),
      tolerance: 1e-8,
    });
    const plain = fitLogisticDual(matrixOf(rows), y, { C: 1, tolerance: 1e-8 });
    weighted.weights.forEach((w, j) => expect(w).toBeCloseTo(plain.weights[j], 6));
  });

  it('warm-started from a neighbouring C reaches the same optimum in fewer epochs', () => {
    const { rows, y } = synthetic(9);
    const matrix = matrixOf(rows);
    const cold = fitLogisticDual(matrix, y, { C: 4, tolerance: 1e-6 });
    const previous = fitLogisticDual(matrix, y, { C: 2, tolerance: 1e-6 });
    const warm = fitLogisticDual(matrix, y, { C: 4, tolerance: 1e-6, start: previous });
    expect(warm.iterations).toBeLessThan(cold.iterations);
    const objective = (fit: typeof cold) =>
      logisticObjective(matrix, y, fit.weights, fit.intercept, { C: 4 });
    expect(objective(warm)).toBeCloseTo(objective(cold), 6);
  });

  it('is the dual-cd solver of trainLogisticRegression, one-vs-rest included', () => {
    const matrix = matrixOf([
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    const model = trainLogisticRegression(matrix, [0, 0, 1, 1, 2, 2], 3, {
      C: 10,
      solver: 'dual-cd',
    });
    expect(model.weights).toHaveLength(3);
    expect(model.dual?.alpha).toHaveLength(3);
    for (let k = 0; k < 3; k++) {
      expect(model.weights[k][k]).toBeGreaterThan(1);
      for (let j = 0; j < 3; j++) if (j !== k) expect(model.weights[k][j]).toBeLessThan(0);
    }
  });

  const liblinear = spawnSync('liblinear-train', [], { encoding: 'utf8' }).error === undefined;
  const compare = liblinear ? it : it.skip;
  if (!liblinear)
    // A visible reason in the output, not a silent skip.
    console.warn(
      'liblinear-train not found (apt-get install liblinear-tools): skipping the comparison',
    );

  compare.each([
    ['0', 'trust-region Newton, primal'],
    ['7', 'dual coordinate descent'],
  ])('agrees with liblinear-train -s %s (%s) on the objective and the predictions', (solver) => {
    const { rows, y } = synthetic(3);
    const C = 0.5;
    const dir = mkdtempSync(join(tmpdir(), 'ml-liblinear-dual-'));
    try {
      const file = join(dir, 'train.svm');
      writeFileSync(
        file,
        rows
          .map(
            (row, i) =>
              `${y[i] === 1 ? '+1' : '-1'} ${row
                .map((value, j) => (value === 0 ? '' : `${j + 1}:${value}`))
                .filter(Boolean)
                .join(' ')}`,
          )
          .join('\n') + '\n',
      );
      const modelFile = join(dir, 'model');
      execFileSync('liblinear-train', [
        '-q',
        '-s',
        solver,
        '-c',
        String(C),
        '-e',
        solver === '0' ? '1e-8' : '1e-6',
        '-B',
        '1',
        file,
        modelFile,
      ]);
      const text = readFileSync(modelFile, 'utf8');
      const sign = /label (\S+)/.exec(text)?.[1] === '1' ? 1 : -1;
      const reference = text
        .split('w\n')[1]
        .trim()
        .split('\n')
        .map((line) => Number(line.trim()) * sign);
      const theirBias = reference.pop() as number;
      const matrix = matrixOf(rows);
      const ours = fitLogisticDual(matrix, y, { C, tolerance: 1e-6 });
      const theirs = logisticObjective(matrix, y, reference, theirBias, { C });
      const mine = logisticObjective(matrix, y, ours.weights, ours.intercept, { C });
      expect(Math.abs(mine - theirs) / theirs).toBeLessThan(1e-6);
      ours.weights.forEach((w, j) => expect(w).toBeCloseTo(reference[j], 3));
      expect(ours.intercept).toBeCloseTo(theirBias, 3);
      const predict = (weights: ArrayLike<number>, b: number, row: number[]) =>
        row.reduce((sum, value, j) => sum + value * weights[j], b) >= 0 ? 1 : -1;
      const accuracy = (weights: ArrayLike<number>, b: number) =>
        rows.filter((row, i) => predict(weights, b, row) === y[i]).length / rows.length;
      expect(accuracy(ours.weights, ours.intercept)).toBeCloseTo(
        accuracy(reference, theirBias),
        10,
      );
      // Well above chance: the labels follow a logistic model.
      expect(accuracy(ours.weights, ours.intercept)).toBeGreaterThan(0.7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
