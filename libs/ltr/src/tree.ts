/**
 * A regression tree as parallel arrays (the layout of the JSON model and of ONNX's
 * TreeEnsembleRegressor). Node 0 is the root. For an inner node, `feature` is the column and a
 * row goes to `left` when `x < threshold` or x is missing (NaN), else to `right`. A leaf has
 * feature -1 and its output in `value` (learning rate already applied).
 */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  /** Loss reduction of each split (0 for leaves), summed into feature importance. */
  gain: number[];
  /** Sum of hessians of the training rows that reached the node. */
  cover: number[];
}

/** The output of a tree for the row at `offset` of a row-major feature matrix. */
export function predictTree(tree: Tree, features: ArrayLike<number>, offset: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const x = features[offset + tree.feature[node]];
    node = x < tree.threshold[node] || Number.isNaN(x) ? tree.left[node] : tree.right[node];
  }
  return tree.value[node];
}

/** How many leaves a tree has. */
export function leafCount(tree: Tree): number {
  return tree.feature.filter((feature) => feature < 0).length;
}
