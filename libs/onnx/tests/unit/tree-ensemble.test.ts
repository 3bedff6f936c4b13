import { decodeModel, IR_VERSION, treeEnsembleRegressorModel } from '../../src';

const tree = {
  feature: [1, -1, -1],
  threshold: [0.5, 0, 0],
  left: [1, -1, -1],
  right: [2, -1, -1],
  value: [0, -0.25, 0.75],
};

describe('TreeEnsembleRegressor writing', () => {
  const bytes = treeEnsembleRegressorModel({
    trees: [tree],
    numFeatures: 3,
    baseScore: 0.5,
    metadata: { a: 'b' },
  });
  const model = decodeModel(bytes);
  const node = model.graph!.node![0];
  const attribute = (name: string) => node.attribute!.find((a) => a.name === name)!;
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it('writes a ModelProto with the ai.onnx.ml opset and typed input and output', () => {
    expect(Number(model.irVersion)).toBe(IR_VERSION);
    expect(model.opsetImport!.map((o) => [o.domain, Number(o.version)])).toEqual([
      ['', 15],
      ['ai.onnx.ml', 3],
    ]);
    expect(node.opType).toBe('TreeEnsembleRegressor');
    expect(node.domain).toBe('ai.onnx.ml');
    const input = model.graph!.input![0].type!.tensorType!;
    expect(input.elemType).toBe(1);
    expect(input.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 3]);
    expect(model.metadataProps).toEqual([expect.objectContaining({ key: 'a', value: 'b' })]);
  });

  it('lays out nodes and leaves as the ONNX operator expects', () => {
    expect(attribute('nodes_modes').strings!.map(text)).toEqual(['BRANCH_LT', 'LEAF', 'LEAF']);
    expect(attribute('nodes_featureids').ints!.map(Number)).toEqual([1, 0, 0]);
    expect(attribute('nodes_truenodeids').ints!.map(Number)).toEqual([1, 0, 0]);
    expect(attribute('nodes_falsenodeids').ints!.map(Number)).toEqual([2, 0, 0]);
    expect(attribute('nodes_missing_value_tracks_true').ints!.map(Number)).toEqual([1, 0, 0]);
    expect(attribute('target_nodeids').ints!.map(Number)).toEqual([1, 2]);
    expect(attribute('target_weights').floats).toEqual([-0.25, 0.75]);
    expect(attribute('base_values').floats).toEqual([0.5]);
    expect(Number(attribute('n_targets').i)).toBe(1);
    expect(text(attribute('aggregate_function').s!)).toBe('SUM');
  });

  it('refuses a feature index beyond the input width', () => {
    expect(() =>
      treeEnsembleRegressorModel({
        trees: [{ ...tree, feature: [5, -1, -1] }],
        numFeatures: 3,
        baseScore: 0,
      }),
    ).toThrow(/feature 5 >= 3/);
  });
});
