/** Options for {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Correction pairs kept (memory grows with this times the dimension). Default: 7. */
  memory?: number;
  /** Stop when the gradient norm falls below this times its first value. Default: 1e-4. */
  tolerance?: number;
  /** Stop when an iteration lowers the objective by less than this, relative to its size. Default: 1e-10. */
  valueTolerance?: number;
  /** Stop after this many iterations. Default: 500. */
  maxIterations?: number;
  /** Called after every iteration with its number, the objective and the gradient norm. */
  onIteration?: (iteration: number, value: number, gradientNorm: number) => void;
}

/** What {@link minimizeLbfgs} found. */
export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Writes the gradient at `x` into `gradient` and returns the objective value at `x`.
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/**
 * Minimises a smooth convex function with limited-memory BFGS (Nocedal & Wright, Numerical
 * Optimization, algorithm 7.4 and 7.5): the two-loop recursion for the search direction and a
 * backtracking line search on the Armijo condition, skipping updates that would break positive
 * curvature. `x0` is not modified.
 */
export function minimizeLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const m = options.memory ?? 7;
  const tolerance = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 500;
  const valueTolerance = options.valueTolerance ?? 1e-10;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let gradient = new Float64Array(n);
  let value = objective(x, gradient);
  let evaluations = 1;
  const initialNorm = norm(gradient);
  if (initialNorm === 0 || !Number.isFinite(value)) {
    return { x, value, iterations: 0, evaluations, converged: initialNorm === 0 };
  }
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const direction = new Float64Array(n);
  let next = new Float64Array(n);
  let nextGradient = new Float64Array(n);
  let iteration = 0;
  let converged = false;

  while (iteration < maxIterations) {
    // Two-loop recursion: direction = -H * gradient.
    for (let i = 0; i < n; i++) direction[i] = -gradient[i];
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], direction);
      axpy(-alpha[k], y[k], direction);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
      for (let i = 0; i < n; i++) direction[i] *= gamma;
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k] * dot(y[k], direction);
      axpy(alpha[k] - beta, s[k], direction);
    }
    let slope = dot(direction, gradient);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i];
      slope = dot(direction, gradient);
    }
    let step = s.length === 0 ? Math.min(1, 1 / norm(gradient)) : 1;
    let nextValue = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = x[i] + step * direction[i];
      nextValue = objective(next, nextGradient);
      evaluations++;
      if (nextValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextValue <= value + 1e-4 * step * slope)) break; // no decrease possible: at precision limit
    iteration++;

    const sNew = s.length === m ? (s.shift() as Float64Array) : new Float64Array(n);
    const yNew = y.length === m ? (y.shift() as Float64Array) : new Float64Array(n);
    if (rho.length === m) rho.shift();
    for (let i = 0; i < n; i++) {
      sNew[i] = next[i] - x[i];
      yNew[i] = nextGradient[i] - gradient[i];
    }
    const curvature = dot(sNew, yNew);
    if (curvature > 1e-10 * dot(yNew, yNew)) {
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / curvature);
    }
    [x, next] = [next, x];
    [gradient, nextGradient] = [nextGradient, gradient];
    const relativeDecrease =
      (value - nextValue) / Math.max(Math.abs(value), Math.abs(nextValue), 1);
    value = nextValue;
    const gradientNorm = norm(gradient);
    options.onIteration?.(iteration, value, gradientNorm);
    if (gradientNorm <= tolerance * initialNorm || relativeDecrease < valueTolerance) {
      converged = true;
      break;
    }
  }
  return { x, value, iterations: iteration, evaluations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}
