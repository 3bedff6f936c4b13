import { discount, gain, idealDcgAt } from './metrics';

/**
 * LambdaRank gradients (Burges, "From RankNet to LambdaRank to LambdaMART", 2010) for every
 * document, written into `grad` and `hess` (first and second derivative of the loss with respect
 * to the score). For each pair (i, j) of one group with label_i > label_j:
 *
 *   rho    = 1 / (1 + exp(sigma * (s_i - s_j)))
 *   |dN|   = |(gain_i - gain_j) * (discount(rank_i) - discount(rank_j))| / idealDCG
 *   grad_i -= sigma * rho * |dN|,  grad_j += sigma * rho * |dN|
 *   hess_i += sigma^2 * rho * (1 - rho) * |dN|  (the same for j)
 *
 * ranks being the current positions by score (ties keep input order). Groups whose labels are
 * all equal contribute nothing.
 */
export function lambdaGradients(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  offsets: ArrayLike<number>,
  grad: Float64Array,
  hess: Float64Array,
  sigma = 1,
): void {
  grad.fill(0);
  hess.fill(0);
  let largest = 0;
  for (let q = 0; q + 1 < offsets.length; q++)
    largest = Math.max(largest, offsets[q + 1] - offsets[q]);
  // Per-document gain and discount, computed once per group rather than once per pair.
  const gains = new Float64Array(largest);
  const discounts = new Float64Array(largest);
  const discountOfRank = Float64Array.from({ length: largest }, (_, rank) => discount(rank));
  const order = new Uint32Array(largest);
  for (let q = 0; q + 1 < offsets.length; q++) {
    const start = offsets[q];
    const end = offsets[q + 1];
    const size = end - start;
    if (size < 2) continue;
    const ideal = idealDcgAt(labels, start, end, size);
    if (ideal <= 0) continue;
    for (let i = 0; i < size; i++) order[i] = i;
    const ranked = order
      .subarray(0, size)
      .sort((a, b) => scores[start + b] - scores[start + a] || a - b);
    for (let rank = 0; rank < size; rank++) discounts[ranked[rank]] = discountOfRank[rank];
    for (let i = 0; i < size; i++) gains[i] = gain(labels[start + i]);
    for (let i = 0; i < size; i++) {
      const li = labels[start + i];
      const gi = gains[i];
      const di = discounts[i];
      const si = scores[start + i];
      for (let j = 0; j < size; j++) {
        if (li <= labels[start + j]) continue;
        const deltaNdcg = Math.abs((gi - gains[j]) * (di - discounts[j])) / ideal;
        const rho = 1 / (1 + Math.exp(sigma * (si - scores[start + j])));
        const lambda = sigma * rho * deltaNdcg;
        grad[start + i] -= lambda;
        grad[start + j] += lambda;
        const h = sigma * sigma * rho * (1 - rho) * deltaNdcg;
        hess[start + i] += h;
        hess[start + j] += h;
      }
    }
  }
}
