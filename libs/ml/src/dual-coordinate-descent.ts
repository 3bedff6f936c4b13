import { SeededRandom } from './rng';
import type { CsrMatrix } from './sparse';

/** Options for {@link fitLogisticDual}. */
export interface DualCdOptions {
  /** Inverse regularisation strength, as in liblinear: larger fits the data more closely. Default: 1. */
  C?: number;
  /**
   * Value of a constant feature appended to every row, whose weight is the intercept (liblinear's
   * `-B`); it is regularised like the other weights. 0 fits no intercept. Default: 1.
   */
  bias?: number;
  /**
   * Stop when the largest projected dual gradient of an epoch is below this (liblinear's `-e`
   * for `-s 7`). Default: 0.1, liblinear's default.
   */
  tolerance?: number;
  /** Epochs (passes over the rows) at most. Default: 1000, as liblinear. */
  maxIterations?: number;
  /** Multiplies every value of column j by `columnScale[j]`, without copying the matrix. Default: none. */
  columnScale?: ArrayLike<number>;
  /** Per-row weights: row i's loss term is weighted `C * sampleWeights[i]`. Default: all 1. */
  sampleWeights?: ArrayLike<number>;
  /** Seed of the order in which rows are visited. Default: 1. */
  seed?: number;
  /**
   * A solution at a neighbouring C to start from (warm start along a C path): its dual variables
   * are rescaled by `C / start.C`, which keeps them feasible.
   */
  start?: { alpha: Float64Array; C: number };
}

/** What {@link fitLogisticDual} returns. */
export interface DualCdResult {
  weights: Float64Array;
  /** The weight of the bias feature times its value (0 without a bias). */
  intercept: number;
  /** The dual variables, one per row, in (0, C * sampleWeight); pass as `start` to warm-start. */
  alpha: Float64Array;
  C: number;
  /** Epochs run. */
  iterations: number;
}

/**
 * L2-regularised logistic regression by dual coordinate descent (Yu, Huang & Lin 2011, "Dual
 * coordinate descent methods for logistic regression and maximum entropy models", Algorithm 3;
 * liblinear's `-s 7`). Minimises the primal
 * `0.5 * (||w||^2 + b^2) + C * sum_i s_i * log(1 + exp(-y_i (w . x_i + b * bias)))`
 * through its dual, whose variables alpha_i lie in (0, C s_i); each step solves one variable's
 * sub-problem by a few Newton steps, keeping `w = sum_i alpha_i y_i x_i` up to date, so an
 * epoch costs two passes over a row's non-zeros and nothing over the columns. `y` holds +1/-1.
 */
export function fitLogisticDual(
  matrix: CsrMatrix,
  y: ArrayLike<number>,
  options: DualCdOptions = {},
): DualCdResult {
  const { rows, cols, indptr, indices } = matrix;
  if (y.length !== rows) throw new RangeError(`${y.length} labels for ${rows} rows`);
  const C = options.C ?? 1;
  if (!(C > 0)) throw new RangeError(`C must be positive, got ${C}`);
  const bias = options.bias ?? 1;
  const eps = options.tolerance ?? 0.1;
  const maxIterations = options.maxIterations ?? 1000;
  // The scaled values are computed once: scaling inside the epochs would read scale[j] at
  // random for every non-zero, and those cache misses cost more than the arithmetic.
  const values = options.columnScale ? scaledValues(matrix, options.columnScale) : matrix.values;
  const sampleWeights = options.sampleWeights;
  const maxInnerIterations = 100;
  const innerEpsMin = Math.min(1e-8, eps);
  let innerEps = 1e-2;

  const w = new Float64Array(cols);
  let b = 0;
  // alpha[2i] is alpha_i, alpha[2i+1] is C_i - alpha_i: keeping both avoids cancellation near C_i.
  const alpha = new Float64Array(2 * rows);
  const upper = new Float64Array(rows);
  const xTx = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    upper[i] = C * (sampleWeights ? sampleWeights[i] : 1);
    if (!(upper[i] > 0)) throw new RangeError(`row ${i}: sample weight must be positive`);
    let norm = bias * bias;
    for (let k = indptr[i]; k < indptr[i + 1]; k++) norm += values[k] * values[k];
    xTx[i] = norm;
    const startAlpha = options.start
      ? options.start.alpha[i] * (C / options.start.C)
      : Math.min(0.001 * upper[i], 1e-8);
    // Strictly inside (0, C_i): the dual objective has log terms at both ends.
    const a = Math.min(Math.max(startAlpha, 1e-12 * upper[i]), upper[i] * (1 - 1e-12));
    alpha[2 * i] = a;
    alpha[2 * i + 1] = upper[i] - a;
    const ya = y[i] * a;
    for (let k = indptr[i]; k < indptr[i + 1]; k++) w[indices[k]] += ya * values[k];
    b += ya * bias;
  }

  const order = Array.from({ length: rows }, (_, i) => i);
  const random = new SeededRandom(options.seed ?? 1);
  let iteration = 0;
  while (iteration < maxIterations) {
    random.shuffle(order);
    let newtonIterations = 0;
    let gMax = 0;
    for (let s = 0; s < rows; s++) {
      const i = order[s];
      const yi = y[i];
      const Ci = upper[i];
      const start = indptr[i];
      const end = indptr[i + 1];
      let wTx = b * bias;
      for (let k = start; k < end; k++) wTx += values[k] * w[indices[k]];
      const a = xTx[i];
      const ywTx = yi * wTx;
      // Solve for whichever of alpha_i and C_i - alpha_i is the smaller at the optimum.
      let ind1 = 2 * i;
      let ind2 = 2 * i + 1;
      let sign = 1;
      if (0.5 * a * (alpha[ind2] - alpha[ind1]) + ywTx < 0) {
        ind1 = 2 * i + 1;
        ind2 = 2 * i;
        sign = -1;
      }
      const alphaOld = alpha[ind1];
      let z = alphaOld;
      if (Ci - z < 0.5 * Ci) z *= 0.1;
      let gp = a * (z - alphaOld) + sign * ywTx + Math.log(z / (Ci - z));
      const absGp = Math.abs(gp);
      if (absGp > gMax) gMax = absGp;
      let inner = 0;
      while (inner <= maxInnerIterations) {
        if (Math.abs(gp) < innerEps) break;
        const gpp = a + Ci / (Ci - z) / z;
        const next = z - gp / gpp;
        // A Newton step leaving (0, C_i) is replaced by shrinking z towards 0.
        z = next <= 0 ? z * 0.1 : next;
        gp = a * (z - alphaOld) + sign * ywTx + Math.log(z / (Ci - z));
        newtonIterations++;
        inner++;
      }
      if (inner > 0) {
        alpha[ind1] = z;
        alpha[ind2] = Ci - z;
        const step = sign * (z - alphaOld) * yi;
        for (let k = start; k < end; k++) w[indices[k]] += step * values[k];
        b += step * bias;
      }
    }
    iteration++;
    if (gMax < eps) break;
    // Few Newton steps in an epoch: the sub-problems are nearly solved, so solve them tighter.
    if (newtonIterations <= rows / 10) innerEps = Math.max(innerEpsMin, 0.1 * innerEps);
  }

  const dual = new Float64Array(rows);
  for (let i = 0; i < rows; i++) dual[i] = alpha[2 * i];
  return { weights: w, intercept: b * bias, alpha: dual, C, iterations: iteration };
}

/** The matrix's values times their column's scale, in the matrix's order. */
function scaledValues(matrix: CsrMatrix, scale: ArrayLike<number>): Float64Array {
  const { indices, values } = matrix;
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = values[k] * scale[indices[k]];
  return out;
}

/**
 * The primal objective `0.5 * (||w||^2 + b^2) + C * sum_i s_i * log(1 + exp(-y_i (w . x_i + intercept)))`
 * with `b = intercept / bias` (0 when `bias` is 0), as {@link fitLogisticDual} and liblinear's
 * `-s 0`/`-s 7` with `-B bias` minimise it. `y` holds +1/-1.
 */
export function logisticObjective(
  matrix: CsrMatrix,
  y: ArrayLike<number>,
  weights: ArrayLike<number>,
  intercept: number,
  options: Pick<DualCdOptions, 'C' | 'bias' | 'columnScale' | 'sampleWeights'> = {},
): number {
  const C = options.C ?? 1;
  const bias = options.bias ?? 1;
  const scale = options.columnScale;
  let regulariser = 0;
  for (let j = 0; j < matrix.cols; j++) regulariser += weights[j] * weights[j];
  if (bias !== 0) regulariser += (intercept / bias) ** 2;
  let loss = 0;
  for (let i = 0; i < matrix.rows; i++) {
    let z = intercept;
    for (let k = matrix.indptr[i]; k < matrix.indptr[i + 1]; k++) {
      const j = matrix.indices[k];
      z += matrix.values[k] * (scale ? scale[j] : 1) * weights[j];
    }
    const yz = y[i] * z;
    const term = yz >= 0 ? Math.log1p(Math.exp(-yz)) : -yz + Math.log1p(Math.exp(yz));
    loss += (options.sampleWeights ? options.sampleWeights[i] : 1) * term;
  }
  return 0.5 * regulariser + C * loss;
}
