import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CsrBuilder,
  minimizeLbfgs,
  predictProbabilities,
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

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const result = minimizeLbfgs(
      (x, g) => {
        const [a, b] = [x[0], x[1]];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { tolerance: 1e-10, maxIterations: 1000 },
    );
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });
});

describe('trainLogisticRegression', () => {
  it('solves a one-example problem by hand: w = 1 / (1 + e^w), w = 0.4010581', () => {
    // 0.5 w^2 + log(1 + exp(-w)) has its minimum where w = 1 / (1 + e^w).
    const model = trainLogisticRegression(matrixOf([[1]]), [1], 2, {
      intercept: false,
      tolerance: 1e-10,
    });
    expect(model.weights[0][0]).toBeCloseTo(0.4010581375, 7);
  });

  it('fits separable classes and gives probabilities that sum to one, one-vs-rest', () => {
    const rows = [
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
    ];
    const matrix = matrixOf(rows);
    const model = trainLogisticRegression(matrix, [0, 0, 1, 1, 2, 2], 3, { C: 10 });
    expect(model.weights).toHaveLength(3);
    const p = predictProbabilities(model, matrix);
    for (let i = 0; i < 6; i++) {
      const row = Array.from(p.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(row.indexOf(Math.max(...row))).toBe(Math.floor(i / 2));
    }
  });

  const liblinear = spawnSync('liblinear-train', [], { encoding: 'utf8' }).error === undefined;
  const compare = liblinear ? it : it.skip;
  if (!liblinear)
    // A visible reason in the output, not a silent skip.
    console.warn(
      'liblinear-train not found (apt-get install liblinear-tools): skipping the comparison',
    );

  compare('matches liblinear-train -s 0 (L2 logistic regression, primal) coefficients', () => {
    const random = new SeededRandom(3);
    const rows: number[][] = [];
    const labels: number[] = [];
    const truth = [1.5, -2, 0.5, 0, 1, -0.5, 0.25, -1];
    for (let i = 0; i < 300; i++) {
      const row = truth.map(() => (random.next() < 0.4 ? Math.round(random.next() * 30) / 10 : 0));
      const z = row.reduce((sum, value, j) => sum + value * truth[j], 0);
      rows.push(row);
      labels.push(random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    }
    const dir = mkdtempSync(join(tmpdir(), 'ml-liblinear-'));
    try {
      const file = join(dir, 'train.svm');
      writeFileSync(
        file,
        rows
          .map(
            (row, i) =>
              `${labels[i] === 1 ? '+1' : '-1'} ${row
                .map((value, j) => (value === 0 ? '' : `${j + 1}:${value}`))
                .filter(Boolean)
                .join(' ')}`,
          )
          .join('\n') + '\n',
      );
      execFileSync('liblinear-train', [
        '-q',
        '-s',
        '0',
        '-c',
        '0.5',
        '-e',
        '1e-8',
        '-B',
        '-1',
        file,
        join(dir, 'model'),
      ]);
      const text = readFileSync(join(dir, 'model'), 'utf8');
      const firstLabel = /label (\S+)/.exec(text)?.[1];
      const reference = text
        .split('w\n')[1]
        .trim()
        .split('\n')
        .map((line) => Number(line.trim()) * (firstLabel === '1' ? 1 : -1));
      const model = trainLogisticRegression(matrixOf(rows), labels, 2, {
        C: 0.5,
        intercept: false,
        tolerance: 1e-9,
      });
      const ours = Array.from(model.weights[0]);
      expect(ours).toHaveLength(reference.length);
      ours.forEach((weight, j) => expect(weight).toBeCloseTo(reference[j], 4));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
