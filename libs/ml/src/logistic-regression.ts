import { fitLogisticDual } from './dual-coordinate-descent';
import { minimizeLbfgs } from './lbfgs';
import type { CsrMatrix } from './sparse';

/** Options for {@link trainLogisticRegression}. */
export interface LogisticRegressionOptions {
  /** Inverse regularisation strength, as in liblinear and scikit-learn: larger fits the data more closely. Default: 1. */
  C?: number;
  /**
   * The optimiser. `lbfgs`: L-BFGS on the primal, with an unregularised intercept. `dual-cd`:
   * liblinear's dual coordinate descent ({@link fitLogisticDual}), much faster on large sparse
   * data, with the intercept as a bias feature of value 1 that is regularised (liblinear's
   * `-B 1`). Default: `lbfgs`.
   */
  solver?: 'lbfgs' | 'dual-cd';
  /** Fit an intercept. Default: true. */
  intercept?: boolean;
  /**
   * Stopping tolerance. L-BFGS: on the relative gradient norm, default 1e-4. Dual coordinate
   * descent: on the largest projected dual gradient of an epoch, default 0.1 (liblinear's).
   */
  tolerance?: number;
  /** L-BFGS stopping tolerance on the relative decrease of the objective. Default: 1e-10. */
  valueTolerance?: number;
  /** Iteration limit per class: L-BFGS iterations (default 500) or dual epochs (default 1000). */
  maxIterations?: number;
  /** L-BFGS correction pairs. Default: 7. */
  memory?: number;
  /**
   * Multiplies every value of column j by `columnScale[j]` (e.g. NBSVM's log-count ratios)
   * without copying the matrix. Default: none.
   */
  columnScale?: ArrayLike<number>;
  /** Per-row weights (e.g. to balance classes). Default: all 1. */
  sampleWeights?: ArrayLike<number>;
  /**
   * A model fitted at a neighbouring C to start from (warm start): L-BFGS starts from its
   * weights, dual coordinate descent from its dual variables when it has them.
   */
  initial?: LogisticModel;
  /** Seed of the row order of dual coordinate descent. Default: 1. */
  seed?: number;
  /** Called after each L-BFGS iteration with the class being fitted. */
  onIteration?: (classIndex: number, iteration: number, value: number) => void;
}

/**
 * A linear classifier over `classes.length` labels. Binary models hold one weight vector (for
 * class 1); multi-class models hold one per class, fitted one-vs-rest.
 */
export interface LogisticModel {
  classes: number;
  features: number;
  /** One weight vector per fitted binary problem (1 when `classes` is 2, else `classes`). */
  weights: Float64Array[];
  intercepts: number[];
  /** With the `dual-cd` solver: each problem's dual variables and C, for warm starts. */
  dual?: { alpha: Float64Array[]; C: number };
}

/**
 * L2-regularised logistic regression, minimising, per binary problem with labels y in {-1, +1},
 * `0.5 * ||w||^2 + C * sum_i s_i * log(1 + exp(-y_i (w . x_i + b)))` (liblinear's primal,
 * with the intercept b left unregularised) by L-BFGS, or by dual coordinate descent (`solver`).
 * Two classes give one binary problem;
 * more give one-vs-rest problems. `labels` holds class numbers in `[0, classes)`.
 */
export function trainLogisticRegression(
  matrix: CsrMatrix,
  labels: ArrayLike<number>,
  classes: number,
  options: LogisticRegressionOptions = {},
): LogisticModel {
  if (labels.length !== matrix.rows)
    throw new RangeError(`${labels.length} labels for ${matrix.rows} rows`);
  if (classes < 2) throw new RangeError('logistic regression needs at least two classes');
  const problems = classes === 2 ? 1 : classes;
  const weights: Float64Array[] = [];
  const intercepts: number[] = [];
  const alphas: Float64Array[] = [];
  const dualCd = options.solver === 'dual-cd';
  for (let k = 0; k < problems; k++) {
    const positive = classes === 2 ? 1 : k;
    const y = new Int8Array(matrix.rows);
    for (let i = 0; i < matrix.rows; i++) y[i] = labels[i] === positive ? 1 : -1;
    if (dualCd) {
      const warm = options.initial?.dual;
      const fitted = fitLogisticDual(matrix, y, {
        C: options.C,
        bias: (options.intercept ?? true) ? 1 : 0,
        tolerance: options.tolerance,
        maxIterations: options.maxIterations,
        columnScale: options.columnScale,
        sampleWeights: options.sampleWeights,
        seed: options.seed,
        start:
          warm && warm.alpha[k]?.length === matrix.rows
            ? { alpha: warm.alpha[k], C: warm.C }
            : undefined,
      });
      weights.push(fitted.weights);
      intercepts.push(fitted.intercept);
      alphas.push(fitted.alpha);
      continue;
    }
    const start = options.initial?.weights[k];
    const fitted = fitBinary(
      matrix,
      y,
      options,
      start,
      options.initial?.intercepts[k] ?? 0,
      (iteration, value) => options.onIteration?.(k, iteration, value),
    );
    weights.push(fitted.weights);
    intercepts.push(fitted.intercept);
  }
  const model: LogisticModel = { classes, features: matrix.cols, weights, intercepts };
  if (dualCd) model.dual = { alpha: alphas, C: options.C ?? 1 };
  return model;
}

function fitBinary(
  matrix: CsrMatrix,
  y: Int8Array,
  options: LogisticRegressionOptions,
  startWeights: Float64Array | undefined,
  startIntercept: number,
  onIteration: (iteration: number, value: number) => void,
): { weights: Float64Array; intercept: number } {
  const C = options.C ?? 1;
  const useIntercept = options.intercept ?? true;
  const d = matrix.cols;
  const { indptr, indices, values, rows } = matrix;
  const sampleWeights = options.sampleWeights;
  const scale = options.columnScale;
  const margins = new Float64Array(rows);
  const coefficients = new Float64Array(rows);
  const x0 = new Float64Array(d + 1);
  if (startWeights) x0.set(startWeights.subarray(0, d));
  x0[d] = useIntercept ? startIntercept : 0;

  const objective = (x: Float64Array, gradient: Float64Array): number => {
    let loss = 0;
    const b = useIntercept ? x[d] : 0;
    for (let i = 0; i < rows; i++) {
      let z = b;
      if (scale)
        for (let k = indptr[i]; k < indptr[i + 1]; k++) {
          const j = indices[k];
          z += values[k] * scale[j] * x[j];
        }
      else for (let k = indptr[i]; k < indptr[i + 1]; k++) z += values[k] * x[indices[k]];
      margins[i] = z;
      const yz = y[i] * z;
      const s = sampleWeights ? sampleWeights[i] : 1;
      // log(1 + exp(-yz)) and its derivative, stable on both sides.
      if (yz >= 0) {
        const e = Math.exp(-yz);
        loss += s * Math.log1p(e);
        coefficients[i] = (-s * y[i] * e) / (1 + e);
      } else {
        const e = Math.exp(yz);
        loss += s * (-yz + Math.log1p(e));
        coefficients[i] = (-s * y[i]) / (1 + e);
      }
    }
    let regulariser = 0;
    for (let j = 0; j < d; j++) {
      regulariser += x[j] * x[j];
      gradient[j] = x[j];
    }
    let interceptGradient = 0;
    for (let i = 0; i < rows; i++) {
      const c = C * coefficients[i];
      if (c === 0) continue;
      interceptGradient += c;
      if (scale)
        for (let k = indptr[i]; k < indptr[i + 1]; k++) {
          const j = indices[k];
          gradient[j] += c * values[k] * scale[j];
        }
      else for (let k = indptr[i]; k < indptr[i + 1]; k++) gradient[indices[k]] += c * values[k];
    }
    gradient[d] = useIntercept ? interceptGradient : 0;
    return 0.5 * regulariser + C * loss;
  };

  const result = minimizeLbfgs(objective, x0, {
    tolerance: options.tolerance ?? 1e-4,
    maxIterations: options.maxIterations ?? 500,
    valueTolerance: options.valueTolerance,
    memory: options.memory ?? 7,
    onIteration: (iteration, value) => onIteration(iteration, value),
  });
  return { weights: result.x.slice(0, d), intercept: useIntercept ? result.x[d] : 0 };
}

/** The decision values of one row: one per binary problem. */
export function decisionValues(
  model: LogisticModel,
  columns: ArrayLike<number>,
  values: ArrayLike<number>,
): number[] {
  return model.weights.map((weights, k) => {
    let z = model.intercepts[k];
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      if (column < model.features) z += values[i] * weights[column];
    }
    return z;
  });
}

/**
 * Class probabilities from decision values: the logistic function for binary models; for
 * one-vs-rest, each class's logistic output normalised to sum to one (as scikit-learn does).
 */
export function probabilitiesFromDecisions(
  classes: number,
  decisions: readonly number[],
): number[] {
  if (classes === 2) {
    const p = sigmoid(decisions[0]);
    return [1 - p, p];
  }
  const raw = decisions.map(sigmoid);
  const total = raw.reduce((sum, p) => sum + p, 0);
  return total > 0 ? raw.map((p) => p / total) : raw.map(() => 1 / classes);
}

/** Class probabilities of every row of `matrix`, row-major (`rows * classes`). */
export function predictProbabilities(model: LogisticModel, matrix: CsrMatrix): Float64Array {
  const out = new Float64Array(matrix.rows * model.classes);
  for (let i = 0; i < matrix.rows; i++) {
    const start = matrix.indptr[i];
    const end = matrix.indptr[i + 1];
    const p = probabilitiesFromDecisions(
      model.classes,
      decisionValues(
        model,
        matrix.indices.subarray(start, end),
        matrix.values.subarray(start, end),
      ),
    );
    out.set(p, i * model.classes);
  }
  return out;
}

/** The logistic function, without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
