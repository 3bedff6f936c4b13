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
  const rankOf = new Int32Array(labels.length);
  for (let q = 0; q + 1 < offsets.length; q++) {
    const start = offsets[q];
    const end = offsets[q + 1];
    if (end - start < 2) continue;
    const ideal = idealDcgAt(labels, start, end, end - start);
    if (ideal <= 0) continue;
    const order: number[] = [];
    for (let i = start; i < end; i++) order.push(i);
    order.sort((a, b) => scores[b] - scores[a] || a - b);
    order.forEach((doc, rank) => (rankOf[doc] = rank));
    for (let i = start; i < end; i++) {
      const li = labels[i];
      const gi = gain(li);
      const di = discount(rankOf[i]);
      for (let j = start; j < end; j++) {
        const lj = labels[j];
        if (li <= lj) continue;
        const deltaNdcg = Math.abs((gi - gain(lj)) * (di - discount(rankOf[j]))) / ideal;
        const rho = 1 / (1 + Math.exp(sigma * (scores[i] - scores[j])));
        const lambda = sigma * rho * deltaNdcg;
        grad[i] -= lambda;
        grad[j] += lambda;
        const h = sigma * sigma * rho * (1 - rho) * deltaNdcg;
        hess[i] += h;
        hess[j] += h;
      }
    }
  }
}
