import { readFileSync, writeFileSync } from 'node:fs';
import { predictTree, type Tree } from './tree';

/** Identifies the JSON layout below; bumped on any incompatible change. */
export const MODEL_FORMAT = 'mesh-ltr-tree-ensemble/1';

/**
 * The JSON model file, readable from any language: the score of a row is
 * `base_score + sum over trees of the leaf it reaches`. In a tree (parallel arrays, node 0 the
 * root) an inner node sends a row to `left[node]` when `x[feature[node]] < threshold[node]` or
 * the value is missing, else to `right[node]`; a leaf has feature -1 and output `value[node]`.
 * Thresholds and leaf values are float32 numbers written as decimals; compare in float32.
 */
export interface RankingModelFile {
  format: typeof MODEL_FORMAT;
  feature_names: string[];
  base_score: number;
  trees: Tree[];
}

/** A trained tree ensemble that scores rows; higher scores rank first. */
export class RankingModel {
  readonly featureNames: string[];
  readonly trees: Tree[];
  readonly baseScore: number;

  constructor(input: { featureNames: string[]; trees: Tree[]; baseScore: number }) {
    this.featureNames = input.featureNames;
    this.trees = input.trees;
    this.baseScore = input.baseScore;
  }

  get numFeatures(): number {
    return this.featureNames.length;
  }

  /** One tree's output for the row at `offset` of a row-major matrix (values compared as float32). */
  predictTreeRow(tree: Tree, features: ArrayLike<number>, offset: number): number {
    return predictTree(tree, features, offset);
  }

  /** Scores of every row of a row-major matrix with numFeatures columns. */
  predict(features: ArrayLike<number>): Float64Array {
    const rows = features.length / this.numFeatures;
    if (!Number.isInteger(rows))
      throw new Error(
        `${features.length} values is not a whole number of rows of ${this.numFeatures} features`,
      );
    const input = features instanceof Float32Array ? features : Float32Array.from(features);
    const scores = new Float64Array(rows).fill(this.baseScore);
    for (const tree of this.trees)
      for (let r = 0; r < rows; r++) scores[r] += predictTree(tree, input, r * this.numFeatures);
    return scores;
  }

  /** Total split gain per feature, normalised to sum to 1 (gain importance). */
  featureImportance(): Array<{ feature: string; gain: number; splits: number }> {
    const gain = new Float64Array(this.numFeatures);
    const splits = new Uint32Array(this.numFeatures);
    for (const tree of this.trees)
      tree.feature.forEach((feature, node) => {
        if (feature >= 0) {
          gain[feature] += tree.gain[node];
          splits[feature]++;
        }
      });
    const total = gain.reduce((sum, value) => sum + value, 0) || 1;
    return this.featureNames.map((feature, f) => ({
      feature,
      gain: gain[f] / total,
      splits: splits[f],
    }));
  }

  toJSON(): RankingModelFile {
    return {
      format: MODEL_FORMAT,
      feature_names: this.featureNames,
      base_score: this.baseScore,
      trees: this.trees,
    };
  }

  save(path: string): void {
    writeFileSync(path, `${JSON.stringify(this.toJSON())}\n`);
  }

  /** Reads and checks a JSON model; the error names the file and what is wrong. */
  static fromJSON(value: unknown, source = 'model'): RankingModel {
    const file = value as Partial<RankingModelFile>;
    if (file?.format !== MODEL_FORMAT)
      throw new Error(
        `${source}: not a ranking model (format must be "${MODEL_FORMAT}", got ${JSON.stringify(file?.format)})`,
      );
    if (
      !Array.isArray(file.feature_names) ||
      !file.feature_names.every((name) => typeof name === 'string')
    )
      throw new Error(`${source}: feature_names must be a list of strings`);
    if (typeof file.base_score !== 'number')
      throw new Error(`${source}: base_score must be a number`);
    if (!Array.isArray(file.trees)) throw new Error(`${source}: trees must be a list`);
    const features = file.feature_names.length;
    file.trees.forEach((tree, t) => {
      const nodes = tree?.feature?.length;
      for (const key of ['feature', 'threshold', 'left', 'right', 'value'] as const)
        if (!Array.isArray(tree?.[key]) || tree[key].length !== nodes)
          throw new Error(`${source}: trees[${t}].${key} must be a list of ${nodes} numbers`);
      tree.feature.forEach((feature, node) => {
        if (feature >= features)
          throw new Error(
            `${source}: trees[${t}].feature[${node}] = ${feature} is not a feature index`,
          );
        if (
          feature >= 0 &&
          !(tree.left[node] > node && tree.right[node] > node && tree.right[node] < nodes)
        )
          throw new Error(`${source}: trees[${t}] node ${node} has bad children`);
      });
      tree.gain ??= tree.feature.map(() => 0);
      tree.cover ??= tree.feature.map(() => 0);
    });
    return new RankingModel({
      featureNames: file.feature_names,
      trees: file.trees,
      baseScore: file.base_score,
    });
  }

  static load(path: string): RankingModel {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`${path}: cannot read the model (${(error as Error).message})`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${path}: not JSON (${(error as Error).message})`);
    }
    return RankingModel.fromJSON(value, path);
  }
}
