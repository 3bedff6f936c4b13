/**
 * Ranking metrics over query groups. A group is the slice `[offsets[q], offsets[q + 1])` of the
 * label and score arrays. Ties in score keep the input order (a stable sort), so callers that
 * need a fair tie order shuffle their documents once.
 */

/** What a query with no relevant document scores: 1 (XGBoost's `ndcg`/`map`) or 0 (`ndcg-`/`map-`). */
export type EmptyQueryConvention = 'one' | 'zero';

/** The gain of a relevance label: 2^rel - 1, as in Burges et al. and XGBoost's default. */
export function gain(relevance: number): number {
  return Math.pow(2, relevance) - 1;
}

/** Discount of a 0-based rank: 1 / log2(rank + 2). */
export function discount(rank: number): number {
  return 1 / Math.log2(rank + 2);
}

/** Indices of a group's documents ordered by score descending (stable). */
export function rankByScore(scores: ArrayLike<number>, start: number, end: number): number[] {
  const order: number[] = [];
  for (let i = start; i < end; i++) order.push(i);
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

/** DCG@k of one ordering of documents. */
export function dcgAt(labels: ArrayLike<number>, order: readonly number[], k: number): number {
  let sum = 0;
  const cut = Math.min(k, order.length);
  for (let r = 0; r < cut; r++) sum += gain(labels[order[r]]) * discount(r);
  return sum;
}

/** The best DCG@k achievable on the group (labels sorted descending). */
export function idealDcgAt(
  labels: ArrayLike<number>,
  start: number,
  end: number,
  k: number,
): number {
  const sorted: number[] = [];
  for (let i = start; i < end; i++) sorted.push(labels[i]);
  sorted.sort((a, b) => b - a);
  let sum = 0;
  const cut = Math.min(k, sorted.length);
  for (let r = 0; r < cut; r++) sum += gain(sorted[r]) * discount(r);
  return sum;
}

/** NDCG@k of one group; `empty` says what a group without relevant documents scores. */
export function ndcgOfGroup(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  start: number,
  end: number,
  k: number,
  empty: EmptyQueryConvention = 'one',
): number {
  const ideal = idealDcgAt(labels, start, end, k);
  if (ideal <= 0) return empty === 'one' ? 1 : 0;
  return dcgAt(labels, rankByScore(scores, start, end), k) / ideal;
}

/** Average precision of one group, a document being relevant when its label is > 0. */
export function averagePrecisionOfGroup(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  start: number,
  end: number,
  empty: EmptyQueryConvention = 'one',
): number {
  const order = rankByScore(scores, start, end);
  let hits = 0;
  let sum = 0;
  order.forEach((doc, rank) => {
    if (labels[doc] > 0) {
      hits++;
      sum += hits / (rank + 1);
    }
  });
  if (hits === 0) return empty === 'one' ? 1 : 0;
  return sum / hits;
}

/** Mean NDCG@k over the groups. */
export function meanNdcg(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  offsets: ArrayLike<number>,
  k: number,
  empty: EmptyQueryConvention = 'one',
): number {
  return meanOverGroups(offsets, (start, end) => ndcgOfGroup(labels, scores, start, end, k, empty));
}

/** Mean average precision over the groups. */
export function meanAveragePrecision(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  offsets: ArrayLike<number>,
  empty: EmptyQueryConvention = 'one',
): number {
  return meanOverGroups(offsets, (start, end) =>
    averagePrecisionOfGroup(labels, scores, start, end, empty),
  );
}

/**
 * The standard report: NDCG@1/5/10 and MAP under the default convention (empty queries score 1),
 * and the same under the other convention with a `_strict` suffix (empty queries score 0), plus
 * how many queries had no relevant document.
 */
export function rankingReport(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  offsets: ArrayLike<number>,
  ks: readonly number[] = [1, 5, 10],
): Record<string, number> {
  const report: Record<string, number> = {};
  for (const k of ks) report[`ndcg@${k}`] = meanNdcg(labels, scores, offsets, k, 'one');
  report.map = meanAveragePrecision(labels, scores, offsets, 'one');
  for (const k of ks) report[`ndcg@${k}_strict`] = meanNdcg(labels, scores, offsets, k, 'zero');
  report.map_strict = meanAveragePrecision(labels, scores, offsets, 'zero');
  let empty = 0;
  for (let q = 0; q + 1 < offsets.length; q++) {
    let any = false;
    for (let i = offsets[q]; i < offsets[q + 1]; i++) if (labels[i] > 0) any = true;
    if (!any) empty++;
  }
  report.queries = offsets.length - 1;
  report.queries_without_relevant = empty;
  return report;
}

/** The mean of a per-group score over the groups `offsets` delimits; NaN when there are none. */
function meanOverGroups(
  offsets: ArrayLike<number>,
  score: (start: number, end: number) => number,
): number {
  const groups = offsets.length - 1;
  if (groups <= 0) return NaN;
  let sum = 0;
  for (let q = 0; q < groups; q++) sum += score(offsets[q], offsets[q + 1]);
  return sum / groups;
}
