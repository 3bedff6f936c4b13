import type { Tree } from './tree';

/**
 * The binned training matrix: row-major, each cell holding its histogram slot (the feature's
 * offset plus its bin), so building a histogram is one indexed add per cell.
 */
export interface BinnedMatrix {
  rows: number;
  features: number;
  bins: Uint16Array;
  /** Edges of every feature's bins; a feature with no edges cannot be split on. */
  edges: Float32Array[];
  /** Start of each feature's bins in a histogram (prefix sums of edges.length + 1). */
  histogramOffset: Uint32Array;
  histogramSize: number;
}

/** Regularisation of one tree (the meanings and defaults of XGBoost's parameters of the same names). */
export interface TreeParams {
  maxDepth: number;
  learningRate: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Smallest sum of hessians in a child. */
  minChildWeight: number;
  /** Smallest loss reduction that makes a split. */
  minSplitGain: number;
}

/** Freed histograms per matrix, reused by the next nodes and trees. */
const pools = new WeakMap<BinnedMatrix, Float64Array[]>();

interface Leaf {
  node: number;
  start: number;
  end: number;
  histogram: Float64Array;
  sumGrad: number;
  sumHess: number;
}

interface Split {
  feature: number;
  bin: number;
  gain: number;
}

/**
 * Grows one tree depth-wise on the gradients with histogram split finding (each histogram holds
 * sum of gradients, sum of hessians and count per bin; a parent's histogram minus the smaller
 * child's gives the larger's). Split gain and leaf values are the second-order ones of XGBoost
 * (Chen & Guestrin 2016): gain = G_L^2/(H_L+lambda) + G_R^2/(H_R+lambda) - G^2/(H+lambda),
 * value = -G/(H+lambda) * learningRate. `rows` holds the indices of the rows to use (a sample)
 * and is reordered; `onLeaf(value, start, end)` is called with each leaf's range in `rows`.
 */
export function growTree(
  matrix: BinnedMatrix,
  grad: Float64Array,
  hess: Float64Array,
  rows: Uint32Array,
  count: number,
  params: TreeParams,
  onLeaf: (value: number, start: number, end: number) => void,
): Tree {
  const tree: Tree = {
    feature: [],
    threshold: [],
    left: [],
    right: [],
    value: [],
    gain: [],
    cover: [],
  };
  const addNode = (): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    tree.gain.push(0);
    tree.cover.push(0);
    return tree.feature.length - 1;
  };
  const scratch = new Uint32Array(count);
  // Histograms are large (features x bins x 2 doubles): reuse the freed ones.
  let pool = pools.get(matrix);
  if (!pool) pools.set(matrix, (pool = []));
  const take = () => pool!.pop()?.fill(0) ?? new Float64Array(matrix.histogramSize * 2);
  const root = addNode();
  const rootHistogram = buildHistogram(matrix, grad, hess, rows, 0, count, take());
  let sumGrad = 0;
  let sumHess = 0;
  for (let i = 0; i < count; i++) {
    sumGrad += grad[rows[i]];
    sumHess += hess[rows[i]];
  }
  let level: Leaf[] = [
    { node: root, start: 0, end: count, histogram: rootHistogram, sumGrad, sumHess },
  ];
  const finish = (leaf: Leaf) => {
    const value = (-leaf.sumGrad / (leaf.sumHess + params.lambda)) * params.learningRate;
    tree.value[leaf.node] = Math.fround(value);
    tree.cover[leaf.node] = leaf.sumHess;
    onLeaf(tree.value[leaf.node], leaf.start, leaf.end);
  };
  for (let depth = 0; depth < params.maxDepth && level.length > 0; depth++) {
    const next: Leaf[] = [];
    for (const leaf of level) {
      const split = bestSplit(matrix, leaf, params);
      if (!split) {
        finish(leaf);
        pool!.push(leaf.histogram);
        continue;
      }
      const middle = partition(matrix, rows, scratch, leaf.start, leaf.end, split);
      const leftNode = addNode();
      const rightNode = addNode();
      tree.feature[leaf.node] = split.feature;
      tree.threshold[leaf.node] = matrix.edges[split.feature][split.bin];
      tree.left[leaf.node] = leftNode;
      tree.right[leaf.node] = rightNode;
      tree.gain[leaf.node] = split.gain;
      tree.cover[leaf.node] = leaf.sumHess;
      const leftCount = middle - leaf.start;
      const rightCount = leaf.end - middle;
      // Build the smaller child's histogram; the larger one is the parent's minus it, in place.
      const smallIsLeft = leftCount <= rightCount;
      const small = smallIsLeft
        ? buildHistogram(matrix, grad, hess, rows, leaf.start, middle, take())
        : buildHistogram(matrix, grad, hess, rows, middle, leaf.end, take());
      const large = leaf.histogram;
      for (let i = 0; i < large.length; i++) large[i] -= small[i];
      const leftHistogram = smallIsLeft ? small : large;
      const rightHistogram = smallIsLeft ? large : small;
      const [leftGrad, leftHess] = sums(rows, grad, hess, leaf.start, middle);
      next.push(
        {
          node: leftNode,
          start: leaf.start,
          end: middle,
          histogram: leftHistogram,
          sumGrad: leftGrad,
          sumHess: leftHess,
        },
        {
          node: rightNode,
          start: middle,
          end: leaf.end,
          histogram: rightHistogram,
          sumGrad: leaf.sumGrad - leftGrad,
          sumHess: leaf.sumHess - leftHess,
        },
      );
    }
    level = next;
  }
  for (const leaf of level) {
    finish(leaf);
    pool.push(leaf.histogram);
  }
  return tree;
}

function sums(
  rows: Uint32Array,
  grad: Float64Array,
  hess: Float64Array,
  start: number,
  end: number,
): [number, number] {
  let g = 0;
  let h = 0;
  for (let i = start; i < end; i++) {
    g += grad[rows[i]];
    h += hess[rows[i]];
  }
  return [g, h];
}

/** Sum of gradients and hessians per histogram slot (feature, bin) over rows[start, end). */
export function buildHistogram(
  matrix: BinnedMatrix,
  grad: Float64Array,
  hess: Float64Array,
  rows: Uint32Array,
  start: number,
  end: number,
  histogram: Float64Array = new Float64Array(matrix.histogramSize * 2),
): Float64Array {
  const bins = matrix.bins;
  const features = matrix.features;
  for (let i = start; i < end; i++) {
    const row = rows[i];
    const g = grad[row];
    const h = hess[row];
    const base = row * features;
    for (let f = 0; f < features; f++) {
      const index = bins[base + f] << 1;
      histogram[index] += g;
      histogram[index + 1] += h;
    }
  }
  return histogram;
}

/** The split of largest gain over every feature and bin edge, or null if none passes the limits. */
export function bestSplit(
  matrix: BinnedMatrix,
  leaf: Pick<Leaf, 'histogram' | 'sumGrad' | 'sumHess'>,
  params: Pick<TreeParams, 'lambda' | 'minChildWeight' | 'minSplitGain'>,
): Split | null {
  const { histogram, sumGrad, sumHess } = leaf;
  const parentScore = (sumGrad * sumGrad) / (sumHess + params.lambda);
  let best: Split | null = null;
  for (let f = 0; f < matrix.features; f++) {
    const edges = matrix.edges[f].length;
    let leftGrad = 0;
    let leftHess = 0;
    const base = matrix.histogramOffset[f];
    for (let b = 0; b < edges; b++) {
      const index = (base + b) * 2;
      leftGrad += histogram[index];
      leftHess += histogram[index + 1];
      const rightHess = sumHess - leftHess;
      if (leftHess < params.minChildWeight || rightHess < params.minChildWeight) continue;
      const rightGrad = sumGrad - leftGrad;
      const gain =
        (leftGrad * leftGrad) / (leftHess + params.lambda) +
        (rightGrad * rightGrad) / (rightHess + params.lambda) -
        parentScore;
      if (gain > params.minSplitGain && (!best || gain > best.gain))
        best = { feature: f, bin: b, gain };
    }
  }
  return best;
}

/** Stable partition of rows[start, end): bin <= split.bin first; returns where the right part starts. */
function partition(
  matrix: BinnedMatrix,
  rows: Uint32Array,
  scratch: Uint32Array,
  start: number,
  end: number,
  split: Split,
): number {
  let left = start;
  let right = 0;
  const { bins, features } = matrix;
  const last = matrix.histogramOffset[split.feature] + split.bin;
  for (let i = start; i < end; i++) {
    const row = rows[i];
    if (bins[row * features + split.feature] <= last) rows[left++] = row;
    else scratch[right++] = row;
  }
  rows.set(scratch.subarray(0, right), left);
  return left;
}
