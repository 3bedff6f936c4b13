import {
  binEdges,
  binMatrix,
  binOf,
  growTree,
  predictTree,
  RankingModel,
  trainLambdaMart,
  meanNdcg,
  seededRandom,
} from '../../src';

const params = {
  maxDepth: 1,
  learningRate: 1,
  lambda: 1,
  minChildWeight: 0,
  minSplitGain: 0,
};

describe('binning', () => {
  it('puts edges between distinct values and sends NaN to bin 0', () => {
    const edges = binEdges(Float32Array.from([3, 1, 2, 2, NaN]), 256);
    expect(Array.from(edges)).toEqual([1.5, 2.5]);
    expect([1, 2, 3, NaN].map((x) => binOf(edges, x))).toEqual([0, 1, 2, 0]);
  });

  it('keeps at most maxBins bins on many distinct values', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => i);
    const edges = binEdges(values, 4);
    expect(edges.length).toBe(3);
    expect(Array.from(edges)).toEqual([249.5, 499.5, 749.5]);
  });
});

describe('tree growth', () => {
  it('finds the hand-computed best split and leaf values', () => {
    const features = Float32Array.from([1, 2, 3, 4]);
    const matrix = binMatrix(features, 1, 256);
    const grad = Float64Array.from([-1, -1, 1, 1]);
    const hess = Float64Array.from([1, 1, 1, 1]);
    const rows = Uint32Array.from([0, 1, 2, 3]);
    const tree = growTree(matrix, grad, hess, rows, 4, params, () => undefined);
    // gain = (-2)^2/(2+1) + 2^2/(2+1) - 0 = 8/3; leaves -G/(H+lambda) = +2/3 and -2/3.
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(2.5);
    expect(tree.gain[0]).toBeCloseTo(8 / 3, 12);
    expect(tree.value[tree.left[0]]).toBeCloseTo(2 / 3, 6);
    expect(tree.value[tree.right[0]]).toBeCloseTo(-2 / 3, 6);
    expect([1, 2, 3, 4, NaN].map((x) => predictTree(tree, [x], 0))).toEqual([
      tree.value[1],
      tree.value[1],
      tree.value[2],
      tree.value[2],
      tree.value[1],
    ]);
  });

  it('picks the feature that separates the gradients', () => {
    // Feature 0 is noise, feature 1 separates.
    const features = Float32Array.from([5, 0, 1, 0, 5, 1, 1, 1]);
    const matrix = binMatrix(features, 2, 256);
    const tree = growTree(
      matrix,
      Float64Array.from([-1, -1, 1, 1]),
      Float64Array.from([1, 1, 1, 1]),
      Uint32Array.from([0, 1, 2, 3]),
      4,
      params,
      () => undefined,
    );
    expect(tree.feature[0]).toBe(1);
    expect(tree.threshold[0]).toBe(0.5);
  });
});

describe('LambdaMART', () => {
  function synthetic(queries: number, seed: number) {
    const random = seededRandom(seed);
    const perQuery = 20;
    const numFeatures = 5;
    const features = new Float32Array(queries * perQuery * numFeatures);
    const labels = new Float64Array(queries * perQuery);
    const offsets = new Uint32Array(queries + 1);
    for (let q = 0; q < queries; q++) {
      for (let d = 0; d < perQuery; d++) {
        const row = q * perQuery + d;
        for (let f = 0; f < numFeatures; f++) features[row * numFeatures + f] = random();
        const signal = features[row * numFeatures] + 0.5 * features[row * numFeatures + 1];
        labels[row] = Math.min(4, Math.floor(signal * 3 + random() * 0.5));
      }
      offsets[q + 1] = (q + 1) * perQuery;
    }
    return { features, numFeatures, labels, offsets };
  }

  it('learns a ranking far better than random and stops early on validation', () => {
    const train = synthetic(100, 1);
    const valid = synthetic(40, 2);
    const { model, history } = trainLambdaMart(
      train,
      { trees: 200, maxDepth: 3, earlyStoppingRounds: 10 },
      valid,
    );
    const learned = meanNdcg(valid.labels, model.predict(valid.features), valid.offsets, 10);
    const random = seededRandom(3);
    const baseline = meanNdcg(
      valid.labels,
      Float64Array.from(valid.labels, () => random()),
      valid.offsets,
      10,
    );
    expect(learned).toBeGreaterThan(baseline + 0.2);
    expect(history.stoppedEarly).toBe(true);
    expect(model.trees).toHaveLength(history.bestIteration);
    expect(history.validationNdcg[history.bestIteration - 1]).toBeCloseTo(learned, 12);
    // The most important feature is the strongest signal.
    const importance = model.featureImportance().sort((a, b) => b.gain - a.gain);
    expect(importance[0].feature).toBe('f0');
  });

  it('is deterministic and round-trips through its JSON file', () => {
    const train = synthetic(30, 5);
    const a = trainLambdaMart(train, { trees: 20, subsample: 0.7 }).model;
    const b = trainLambdaMart(train, { trees: 20, subsample: 0.7 }).model;
    expect(a.toJSON()).toEqual(b.toJSON());
    const loaded = RankingModel.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(Array.from(loaded.predict(train.features))).toEqual(
      Array.from(a.predict(train.features)),
    );
  });

  it('rejects a malformed model naming the problem', () => {
    expect(() => RankingModel.fromJSON({ format: 'other' }, 'm.json')).toThrow(
      /m.json: not a ranking model/,
    );
    expect(() =>
      RankingModel.fromJSON(
        {
          format: 'mesh-ltr-tree-ensemble/1',
          feature_names: ['a'],
          base_score: 0,
          trees: [{ feature: [3], threshold: [0], left: [-1], right: [-1], value: [0] }],
        },
        'm.json',
      ),
    ).toThrow(/trees\[0\].feature\[0\] = 3/);
  });
});
