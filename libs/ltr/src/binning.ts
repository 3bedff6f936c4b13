/**
 * Quantile binning of one feature column for histogram split finding (as in LightGBM and
 * XGBoost's `hist`): at most `maxBins` bins, split candidates at bin edges. Values are float32, the
 * precision an exported ONNX model compares in, so a threshold means the same thing everywhere.
 *
 * `bin(x)` is the number of edges <= x; a split after bin b sends `x < edges[b]` left. Missing
 * values (NaN) go to bin 0 and so always left, as the exported trees send them.
 */
export function binEdges(values: Float32Array, maxBins: number): Float32Array {
  const present = values.filter((value) => !Number.isNaN(value)).sort();
  const distinct: number[] = [];
  for (let i = 0; i < present.length; i++)
    if (i === 0 || present[i] !== present[i - 1]) distinct.push(present[i]);
  if (distinct.length <= 1) return new Float32Array(0);
  const edges: number[] = [];
  const push = (low: number, high: number) => {
    // The midpoint in float32; when low and high are neighbours in float32, high itself.
    let edge = Math.fround((low + high) / 2);
    if (edge <= low) edge = high;
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  };
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) push(distinct[i - 1], distinct[i]);
  } else {
    // Quantile edges over the present values (with their repetitions), then deduplicated.
    for (let b = 1; b < maxBins; b++) {
      const position = Math.floor((b * present.length) / maxBins);
      const high = present[position];
      if (position === 0) continue;
      // The largest value below `high` is the lower side of this edge.
      const index = lowerBound(distinct, high);
      if (index === 0) continue;
      push(distinct[index - 1], distinct[index]);
    }
  }
  return Float32Array.from(edges);
}

/** The bin of a value: how many edges are <= it (NaN: 0). */
export function binOf(edges: Float32Array, value: number): number {
  if (Number.isNaN(value)) return 0;
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (edges[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
