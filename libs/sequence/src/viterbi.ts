import type { TransitionConstraints } from './transitions';

/**
 * First-order Viterbi decoding. `emissions[t * L + y]` scores label y at token t,
 * `transitions[(p + 1) * L + y]` scores y after p (row 0: after the sentence start). Forbidden
 * transitions are never taken, so the labels returned form a valid sequence.
 */
export function viterbi(
  emissions: Float64Array,
  length: number,
  labelCount: number,
  transitions: Float64Array,
  constraints: TransitionConstraints,
): Int32Array {
  const L = labelCount;
  const path = new Int32Array(length);
  if (length === 0) return path;
  let scores = new Float64Array(L);
  let next = new Float64Array(L);
  const back = new Int32Array(length * L);
  for (let y = 0; y < L; y++)
    scores[y] = constraints.start[y] ? emissions[y] + transitions[y] : -Infinity;
  for (let t = 1; t < length; t++) {
    for (let y = 0; y < L; y++) {
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < L; p++) {
        if (!constraints.allowed[p * L + y]) continue;
        const score = scores[p] + transitions[(p + 1) * L + y];
        if (score > best) {
          best = score;
          arg = p;
        }
      }
      next[y] = best + emissions[t * L + y];
      back[t * L + y] = arg;
    }
    [scores, next] = [next, scores];
  }
  let best = -Infinity;
  let arg = 0;
  for (let y = 0; y < L; y++) {
    if (!constraints.end[y]) continue;
    if (scores[y] > best) {
      best = scores[y];
      arg = y;
    }
  }
  path[length - 1] = arg;
  for (let t = length - 1; t > 0; t--) path[t - 1] = back[t * L + path[t]];
  return path;
}
