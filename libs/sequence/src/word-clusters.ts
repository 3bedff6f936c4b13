/** Options of {@link learnWordClusters}. */
export interface WordClusterOptions {
  /** Most frequent context words whose left/right counts describe a word. Default: 300. */
  contextWords?: number;
  /** Most words clustered, by frequency. Default: 50000. */
  maxWords?: number;
  /** Depth of the binary tree: paths are at most this many bits. Default: 16. */
  depth?: number;
  /** A node with fewer words is not split further. Default: 8. */
  minNodeSize?: number;
  /** 2-means iterations per split. Default: 6. */
  iterations?: number;
}

interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Learns hierarchical word clusters from unlabelled sentences: each word is described by the
 * (log-scaled, length-normalised) counts of the frequent words just left and right of it, and
 * the words are split recursively by spherical 2-means into a binary tree. A word's cluster is
 * its path (`"0110..."`), so prefixes give coarser clusters, as with Brown clusters (Brown et
 * al. 1992), which this approximates at a fraction of the cost. Words are lowercased.
 */
export function learnWordClusters(
  sentences: Iterable<readonly string[]>,
  options: WordClusterOptions = {},
): Map<string, string> {
  const contextCount = options.contextWords ?? 300;
  const maxWords = options.maxWords ?? 50_000;
  const depth = options.depth ?? 16;
  const minNodeSize = options.minNodeSize ?? 8;
  const iterations = options.iterations ?? 6;

  const lowered: string[][] = [];
  const frequency = new Map<string, number>();
  for (const sentence of sentences) {
    const words = sentence.map((word) => word.toLowerCase());
    lowered.push(words);
    for (const word of words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  }
  const byFrequency = [...frequency].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const contextId = new Map(byFrequency.slice(0, contextCount).map(([word], i) => [word, i]));
  const BOUNDARY = contextCount;
  const dimensions = 2 * (contextCount + 1);
  const words = byFrequency.slice(0, maxWords).map(([word]) => word);
  const wordId = new Map(words.map((word, i) => [word, i]));

  const counts: Map<number, number>[] = words.map(() => new Map());
  for (const sentence of lowered) {
    for (let t = 0; t < sentence.length; t++) {
      const id = wordId.get(sentence[t]);
      if (id === undefined) continue;
      const left = t > 0 ? (contextId.get(sentence[t - 1]) ?? -1) : BOUNDARY;
      const right = t < sentence.length - 1 ? (contextId.get(sentence[t + 1]) ?? -1) : BOUNDARY;
      const row = counts[id];
      if (left >= 0) row.set(left, (row.get(left) ?? 0) + 1);
      if (right >= 0) {
        const key = contextCount + 1 + right;
        row.set(key, (row.get(key) ?? 0) + 1);
      }
    }
  }
  const vectors: SparseVector[] = counts.map((row) => {
    const indices = Int32Array.from(row.keys());
    const values = Float32Array.from(row.values(), (count) => Math.log1p(count));
    let norm = 0;
    for (const value of values) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < values.length; i++) values[i] /= norm;
    return { indices, values };
  });

  const clusters = new Map<string, string>();
  const dot = (vector: SparseVector, centroid: Float64Array) => {
    let sum = 0;
    for (let k = 0; k < vector.indices.length; k++)
      sum += vector.values[k] * centroid[vector.indices[k]];
    return sum;
  };
  const centroidOf = (members: readonly number[]) => {
    const centroid = new Float64Array(dimensions);
    for (const member of members) {
      const { indices, values } = vectors[member];
      for (let k = 0; k < indices.length; k++) centroid[indices[k]] += values[k];
    }
    let norm = 0;
    for (const value of centroid) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dimensions; i++) centroid[i] /= norm;
    return centroid;
  };

  // Iterative, so deep trees cannot overflow the stack; members stay in frequency order.
  const stack: Array<{ members: number[]; path: string }> = [
    { members: words.map((_, i) => i), path: '' },
  ];
  while (stack.length > 0) {
    const { members, path } = stack.pop()!;
    if (path.length >= depth || members.length < minNodeSize) {
      for (const member of members) clusters.set(words[member], path || '0');
      continue;
    }
    // Seeds far apart: the word least like the node's centroid, then the word least like it.
    const leastLike = (centroid: Float64Array) => {
      let found = members[0];
      let lowest = Infinity;
      for (const member of members) {
        const similarity = dot(vectors[member], centroid);
        if (similarity < lowest) [lowest, found] = [similarity, member];
      }
      return found;
    };
    const first = leastLike(centroidOf(members));
    let a = centroidOf([first]);
    let b = centroidOf([leastLike(a)]);
    let left: number[] = [];
    let right: number[] = [];
    for (let iteration = 0; iteration < iterations; iteration++) {
      left = [];
      right = [];
      for (const member of members)
        (dot(vectors[member], a) >= dot(vectors[member], b) ? left : right).push(member);
      if (left.length === 0 || right.length === 0) break;
      a = centroidOf(left);
      b = centroidOf(right);
    }
    if (left.length === 0 || right.length === 0) {
      for (const member of members) clusters.set(words[member], path || '0');
      continue;
    }
    stack.push({ members: left, path: `${path}0` }, { members: right, path: `${path}1` });
  }
  return clusters;
}
