import {
  accumulateGradient,
  crossEntropy,
  OneHiddenLayerNetwork,
  SeededRandom,
  sigmoid,
  trainNetwork,
} from '@mesh/nn';

describe('OneHiddenLayerNetwork', () => {
  // 2 inputs, 2 hidden units, weights chosen so the forward pass is easy to follow by hand.
  const network = new OneHiddenLayerNetwork(
    2,
    2,
    Float64Array.of(0.5, -1, 1, 1),
    Float64Array.of(0, -0.5),
    Float64Array.of(2, -1),
    0.25,
  );

  it('computes the forward pass by hand', () => {
    // h1 = tanh(0.5·1 - 1·0.5) = tanh(0) = 0; h2 = tanh(-0.5 + 1 + 0.5) = tanh(1)
    const expected = 0.25 + 2 * 0 - Math.tanh(1);
    expect(network.logit([1, 0.5])).toBeCloseTo(expected, 12);
    expect(network.predict([1, 0.5])).toBeCloseTo(1 / (1 + Math.exp(-expected)), 12);
  });

  it('refuses an input of the wrong width', () => {
    expect(() => network.predict([1])).toThrow('input has 1 values, the network takes 2');
  });

  it('saves and reloads exactly', () => {
    const copy = OneHiddenLayerNetwork.fromJSON(JSON.parse(JSON.stringify(network)));
    expect(copy.logit([0.3, 0.7])).toBe(network.logit([0.3, 0.7]));
    expect(() => OneHiddenLayerNetwork.fromJSON({ format: 'x' } as never)).toThrow('format x');
  });
});

describe('sigmoid and crossEntropy', () => {
  it('stay finite for large logits', () => {
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(crossEntropy(800, 1)).toBeCloseTo(0, 12);
    expect(crossEntropy(800, 0)).toBeCloseTo(800, 9);
    expect(crossEntropy(0, 1)).toBeCloseTo(Math.log(2), 12);
  });
});

describe('trainNetwork', () => {
  function xor(n: number, seed: number) {
    const random = new SeededRandom(seed);
    const inputs: number[][] = [];
    const targets: number[] = [];
    for (let k = 0; k < n; k++) {
      const a = random.next();
      const b = random.next();
      inputs.push([a, b]);
      targets.push(a > 0.5 !== b > 0.5 ? 1 : 0);
    }
    return { inputs, targets };
  }

  it('learns a problem no linear model can (XOR)', () => {
    const { inputs, targets } = xor(400, 3);
    const result = trainNetwork(inputs, targets, {
      hiddenUnits: 8,
      maxEpochs: 200,
      learningRate: 0.03,
      patience: 40,
      seed: 7,
    });
    const test = xor(400, 99);
    const correct = test.inputs.filter(
      (x, k) => result.network.predict(x) >= 0.5 === (test.targets[k] === 1),
    ).length;
    expect(correct / test.inputs.length).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const { inputs, targets } = xor(200, 1);
    const options = { hiddenUnits: 4, maxEpochs: 5 };
    const a = trainNetwork(inputs, targets, { ...options, seed: 5 });
    const b = trainNetwork(inputs, targets, { ...options, seed: 5 });
    const c = trainNetwork(inputs, targets, { ...options, seed: 6 });
    expect(a.network.toJSON()).toEqual(b.network.toJSON());
    expect(a.network.toJSON()).not.toEqual(c.network.toJSON());
  });

  it('stops early and returns the weights of the best validation epoch', () => {
    // Labels are noise: validation loss stops improving soon, so training must stop early.
    const random = new SeededRandom(11);
    const inputs = Array.from({ length: 200 }, () => [random.next(), random.next()]);
    const targets = inputs.map(() => (random.next() < 0.5 ? 1 : 0));
    const result = trainNetwork(inputs, targets, {
      hiddenUnits: 30,
      maxEpochs: 500,
      learningRate: 0.05,
      patience: 5,
    });
    expect(result.stoppedBy).toBe('early-stopping');
    expect(result.epochs).toBe(result.bestEpoch + 5);
    const best = Math.min(...result.history.map((epoch) => epoch.validationLoss));
    expect(result.history[result.bestEpoch - 1].validationLoss).toBe(best);
  });

  it('validates, stops on and returns the averaged weights with averageEpochs', () => {
    const { inputs, targets } = xor(400, 3);
    const test = xor(400, 99);
    const options = { hiddenUnits: 8, maxEpochs: 60, learningRate: 0.05, patience: 60 };
    const averaged = trainNetwork(inputs, targets, { ...options, averageEpochs: 5, seed: 7 });
    const correct = test.inputs.filter(
      (x, k) => averaged.network.predict(x) >= 0.5 === (test.targets[k] === 1),
    ).length;
    expect(correct / test.inputs.length).toBeGreaterThan(0.9);
    // The returned weights are the average's: its validation loss is the best one recorded.
    expect(averaged.history[averaged.bestEpoch - 1].validationLoss).toBe(
      Math.min(...averaged.history.map((epoch) => epoch.validationLoss)),
    );
    const last = trainNetwork(inputs, targets, { ...options, seed: 7 });
    expect(averaged.network.toJSON()).not.toEqual(last.network.toJSON());
    expect(() => trainNetwork(inputs, targets, { averageEpochs: -1 })).toThrow('averageEpochs');
  });

  it('matches the backpropagated gradient with a numerical one', () => {
    // One step of plain gradient descent is invisible from outside, so compare the loss
    // change predicted by the gradient with finite differences through a tiny learning rate.
    const x = [0.2, 0.9];
    const net = new OneHiddenLayerNetwork(
      2,
      2,
      Float64Array.of(0.3, -0.2, 0.1, 0.4),
      Float64Array.of(0.05, -0.1),
      Float64Array.of(0.7, -0.3),
      0.1,
    );
    const loss = (n: OneHiddenLayerNetwork) => crossEntropy(n.logit(x), 1);
    const h = 1e-6;
    const plus = net.clone();
    plus.hiddenWeights[1] += h;
    const minus = net.clone();
    minus.hiddenWeights[1] -= h;
    const numeric = (loss(plus) - loss(minus)) / (2 * h);
    // Analytic: dL/dW1[0,1] = (p - 1) · w2[0] · (1 - a0²) · x1
    const a0 = Math.tanh(0.05 + 0.3 * 0.2 - 0.2 * 0.9);
    const p = net.predict(x);
    expect(numeric).toBeCloseTo((p - 1) * 0.7 * (1 - a0 * a0) * 0.9, 6);
    const gradient = OneHiddenLayerNetwork.zeros(2, 2);
    accumulateGradient(net, gradient, new Float64Array(2), x, 1);
    expect(gradient.hiddenWeights[1]).toBeCloseTo(numeric, 6);
    expect(gradient.outputBias).toBeCloseTo(p - 1, 12);
  });

  it('refuses mismatched inputs', () => {
    expect(() => trainNetwork([[1]], [1, 0])).toThrow('1 inputs but 2 targets');
  });
});
