import { onnx } from '../generated/onnx';

/** One tree in the parallel-array layout of @mesh/ltr (feature -1 marks a leaf). */
export interface OnnxTree {
  feature: readonly number[];
  threshold: readonly number[];
  left: readonly number[];
  right: readonly number[];
  value: readonly number[];
}

/** What {@link treeEnsembleRegressorModel} writes. */
export interface TreeEnsembleModelInput {
  trees: readonly OnnxTree[];
  numFeatures: number;
  baseScore: number;
  /** Input tensor name. Default "input" (float32 [N, numFeatures]). */
  inputName?: string;
  /** Output tensor name. Default "score" (float32 [N, 1]). */
  outputName?: string;
  /** Graph and producer descriptions. */
  graphName?: string;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  /** Key/value metadata stored in the model (feature names, encodings...). */
  metadata?: Record<string, string>;
}

/** ONNX IR version of the Debian onnx.proto (ONNX 1.12). */
export const IR_VERSION = 8;
/** Opsets the model imports: the default domain, and ai.onnx.ml 3 (TreeEnsembleRegressor). */
export const OPSETS = [
  { domain: '', version: 15 },
  { domain: 'ai.onnx.ml', version: 3 },
] as const;

const text = (value: string) => new TextEncoder().encode(value);
const ints = (name: string, values: number[]) =>
  onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
const floats = (name: string, values: number[]) =>
  onnx.AttributeProto.create({
    name,
    type: onnx.AttributeProto.AttributeType.FLOATS,
    floats: values,
  });
const strings = (name: string, values: string[]) =>
  onnx.AttributeProto.create({
    name,
    type: onnx.AttributeProto.AttributeType.STRINGS,
    strings: values.map(text),
  });
const string = (name: string, value: string) =>
  onnx.AttributeProto.create({
    name,
    type: onnx.AttributeProto.AttributeType.STRING,
    s: text(value),
  });
const int = (name: string, value: number) =>
  onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });

function tensorType(elemType: number, dims: Array<number | string>): onnx.ITypeProto {
  return {
    tensorType: {
      elemType,
      shape: {
        dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })),
      },
    },
  };
}

/**
 * An ONNX model of one `ai.onnx.ml` TreeEnsembleRegressor node scoring a float32 [N, F] input
 * into [N, 1]: every inner node is BRANCH_LT (x < threshold goes to the true branch, the left
 * child) with missing values tracking the true branch, every leaf a SUM target weight, the base
 * score in base_values. Returns the serialised ModelProto.
 */
export function treeEnsembleRegressorModel(input: TreeEnsembleModelInput): Uint8Array {
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const modes: string[] = [];
  const values: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const targetTreeIds: number[] = [];
  const targetNodeIds: number[] = [];
  const targetIds: number[] = [];
  const targetWeights: number[] = [];
  input.trees.forEach((tree, t) => {
    tree.feature.forEach((feature, node) => {
      if (feature >= input.numFeatures)
        throw new Error(`tree ${t} node ${node}: feature ${feature} >= ${input.numFeatures}`);
      treeIds.push(t);
      nodeIds.push(node);
      const leaf = feature < 0;
      featureIds.push(leaf ? 0 : feature);
      modes.push(leaf ? 'LEAF' : 'BRANCH_LT');
      values.push(leaf ? 0 : tree.threshold[node]);
      trueIds.push(leaf ? 0 : tree.left[node]);
      falseIds.push(leaf ? 0 : tree.right[node]);
      missingTrue.push(leaf ? 0 : 1);
      if (leaf) {
        targetTreeIds.push(t);
        targetNodeIds.push(node);
        targetIds.push(0);
        targetWeights.push(tree.value[node]);
      }
    });
  });
  const inputName = input.inputName ?? 'input';
  const outputName = input.outputName ?? 'score';
  const node = onnx.NodeProto.create({
    name: 'tree_ensemble',
    opType: 'TreeEnsembleRegressor',
    domain: 'ai.onnx.ml',
    input: [inputName],
    output: [outputName],
    attribute: [
      int('n_targets', 1),
      string('aggregate_function', 'SUM'),
      string('post_transform', 'NONE'),
      floats('base_values', [input.baseScore]),
      ints('nodes_treeids', treeIds),
      ints('nodes_nodeids', nodeIds),
      ints('nodes_featureids', featureIds),
      strings('nodes_modes', modes),
      floats('nodes_values', values),
      ints('nodes_truenodeids', trueIds),
      ints('nodes_falsenodeids', falseIds),
      ints('nodes_missing_value_tracks_true', missingTrue),
      ints('target_treeids', targetTreeIds),
      ints('target_nodeids', targetNodeIds),
      ints('target_ids', targetIds),
      floats('target_weights', targetWeights),
    ],
  });
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: OPSETS.map((opset) => ({ ...opset })),
    producerName: input.producerName ?? 'mesh',
    producerVersion: input.producerVersion ?? '0.1.0',
    docString: input.docString ?? '',
    graph: {
      name: input.graphName ?? 'tree_ensemble',
      node: [node],
      input: [{ name: inputName, type: tensorType(FLOAT, ['N', input.numFeatures]) }],
      output: [{ name: outputName, type: tensorType(FLOAT, ['N', 1]) }],
    },
    metadataProps: Object.entries(input.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Reads a serialised ModelProto back (for checks and tests). */
export function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}

export { onnx };
