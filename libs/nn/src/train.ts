import { OneHiddenLayerNetwork, sigmoid } from './network';
import { SeededRandom } from './random';

/** Hyperparameters of {@link trainNetwork}; every one has a default. */
export interface TrainOptions {
  /** Hidden units. Default: 100 (as ClueBot NG's ANN). */
  hiddenUnits?: number;
  /** Most passes over the training part. Default: 150. */
  maxEpochs?: number;
  /** Adam step size. Default: 0.003. */
  learningRate?: number;
  /** Examples per gradient step. Default: 32. */
  batchSize?: number;
  /** L2 penalty on the weights (not biases), per example. Default: 1e-4. */
  l2?: number;
  /** Share of the examples held out to choose the epoch to stop at. Default: 0.2. */
  validationFraction?: number;
  /** Stop after this many epochs without a better validation loss. Default: 15. */
  patience?: number;
  /** Also stop once the validation mean squared error is at or below this. Default: 0 (off). */
  targetMse?: number;
  /**
   * Average the weights over about this many recent epochs (an exponential moving average,
   * updated after every step) and validate, stop on and return the average instead of the last
   * step's weights: steadier across seeds, as the last step's weights move with the last
   * batches. Default: 0 (off).
   */
  averageEpochs?: number;
  /** Seed of the initial weights, the split and the batch order. Default: 1. */
  seed?: number;
  /** Called after each epoch. */
  onEpoch?: (report: EpochReport) => void;
}

/** One epoch's losses. */
export interface EpochReport {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  validationMse: number;
}

/** The trained network (its best epoch) and how training went. */
export interface TrainResult {
  network: OneHiddenLayerNetwork;
  bestEpoch: number;
  epochs: number;
  stoppedBy: 'early-stopping' | 'target-mse' | 'max-epochs';
  history: EpochReport[];
}

/** The defaults of {@link TrainOptions}. */
export const TRAIN_DEFAULTS = {
  hiddenUnits: 100,
  maxEpochs: 150,
  learningRate: 0.003,
  batchSize: 32,
  l2: 1e-4,
  validationFraction: 0.2,
  patience: 15,
  targetMse: 0,
  averageEpochs: 0,
  seed: 1,
} as const;

/**
 * Trains a {@link OneHiddenLayerNetwork} for binary targets in [0, 1] by backpropagation of the
 * cross-entropy loss with Adam, on a seeded, stratified split: the held-out part picks the epoch
 * whose weights are returned (early stopping), so the number of epochs is not a guess.
 */
export function trainNetwork(
  inputs: ArrayLike<number>[],
  targets: number[],
  options: TrainOptions = {},
): TrainResult {
  const o = { ...TRAIN_DEFAULTS, ...options };
  if (inputs.length !== targets.length)
    throw new Error(`${inputs.length} inputs but ${targets.length} targets`);
  if (inputs.length < 2) throw new Error('training needs at least 2 examples');
  const width = inputs[0].length;
  const random = new SeededRandom(o.seed);
  const { train, validation } = stratifiedSplit(targets, o.validationFraction, random);

  const network = OneHiddenLayerNetwork.zeros(width, o.hiddenUnits);
  const limit1 = Math.sqrt(6 / (width + o.hiddenUnits));
  const limit2 = Math.sqrt(6 / (o.hiddenUnits + 1));
  for (let k = 0; k < network.hiddenWeights.length; k++)
    network.hiddenWeights[k] = random.uniform(-limit1, limit1);
  for (let h = 0; h < o.hiddenUnits; h++)
    network.outputWeights[h] = random.uniform(-limit2, limit2);

  const adam = new Adam(network, o.learningRate);
  const gradient = OneHiddenLayerNetwork.zeros(width, o.hiddenUnits);
  const activations = new Float64Array(o.hiddenUnits);
  const history: EpochReport[] = [];
  let best = network.clone();
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let stoppedBy: TrainResult['stoppedBy'] = 'max-epochs';
  const order = [...train];
  if (o.averageEpochs < 0) throw new Error(`averageEpochs must be >= 0, got ${o.averageEpochs}`);
  const stepsPerEpoch = Math.max(1, Math.ceil(order.length / o.batchSize));
  const average =
    o.averageEpochs > 0
      ? new WeightAverage(network, 1 - 1 / Math.max(1, o.averageEpochs * stepsPerEpoch))
      : undefined;

  for (let epoch = 1; epoch <= o.maxEpochs; epoch++) {
    random.shuffle(order);
    let trainLoss = 0;
    for (let start = 0; start < order.length; start += o.batchSize) {
      const batch = order.slice(start, start + o.batchSize);
      clear(gradient);
      for (const index of batch) {
        trainLoss += accumulateGradient(
          network,
          gradient,
          activations,
          inputs[index],
          targets[index],
        );
      }
      adam.step(network, gradient, batch.length, o.l2);
      average?.update(network);
    }
    const current = average ? average.network() : network;
    const scored = evaluateLoss(
      current,
      inputs,
      targets,
      validation.length > 0 ? validation : train,
    );
    const report = {
      epoch,
      trainLoss: trainLoss / Math.max(1, order.length),
      validationLoss: scored.loss,
      validationMse: scored.mse,
    };
    history.push(report);
    o.onEpoch?.(report);
    if (scored.loss < bestLoss - 1e-9) {
      bestLoss = scored.loss;
      best = current === network ? network.clone() : current;
      bestEpoch = epoch;
    }
    if (o.targetMse > 0 && scored.mse <= o.targetMse) {
      stoppedBy = 'target-mse';
      break;
    }
    if (epoch - bestEpoch >= o.patience) {
      stoppedBy = 'early-stopping';
      break;
    }
  }
  return { network: best, bestEpoch, epochs: history.length, stoppedBy, history };
}

/** Adds one example's cross-entropy gradient (backpropagated) to `gradient`; returns its loss. */
export function accumulateGradient(
  network: OneHiddenLayerNetwork,
  gradient: OneHiddenLayerNetwork,
  activations: Float64Array,
  x: ArrayLike<number>,
  target: number,
): number {
  const logit = network.forward(x, activations);
  const p = sigmoid(logit);
  const delta = p - target; // dLoss/dlogit for sigmoid + cross-entropy
  gradient.outputBias += delta;
  const width = network.inputs;
  for (let h = 0; h < network.hidden; h++) {
    const a = activations[h];
    gradient.outputWeights[h] += delta * a;
    const back = delta * network.outputWeights[h] * (1 - a * a);
    if (back === 0) continue;
    gradient.hiddenBiases[h] += back;
    const row = h * width;
    for (let i = 0; i < width; i++) gradient.hiddenWeights[row + i] += back * x[i];
  }
  return crossEntropy(logit, target);
}

/** Cross-entropy of a logit against a target, stable for large logits. */
export function crossEntropy(logit: number, target: number): number {
  // log(1 + e^z) - t·z, written to avoid overflow.
  const softplus = logit > 0 ? logit + Math.log1p(Math.exp(-logit)) : Math.log1p(Math.exp(logit));
  return softplus - target * logit;
}

function evaluateLoss(
  network: OneHiddenLayerNetwork,
  inputs: ArrayLike<number>[],
  targets: number[],
  indices: number[],
): { loss: number; mse: number } {
  let loss = 0;
  let squared = 0;
  const activations = new Float64Array(network.hidden);
  for (const index of indices) {
    const logit = network.forward(inputs[index], activations);
    loss += crossEntropy(logit, targets[index]);
    squared += (sigmoid(logit) - targets[index]) ** 2;
  }
  return { loss: loss / indices.length, mse: squared / indices.length };
}

/** Splits example indices so each class keeps its share in both parts. */
export function stratifiedSplit(
  targets: number[],
  validationFraction: number,
  random: SeededRandom,
): { train: number[]; validation: number[] } {
  if (validationFraction < 0 || validationFraction >= 1)
    throw new Error(`validationFraction must be in [0, 1), got ${validationFraction}`);
  const byClass = new Map<number, number[]>();
  targets.forEach((target, index) => {
    const key = target >= 0.5 ? 1 : 0;
    byClass.set(key, [...(byClass.get(key) ?? []), index]);
  });
  const train: number[] = [];
  const validation: number[] = [];
  for (const key of [...byClass.keys()].sort()) {
    const indices = random.shuffle(byClass.get(key)!);
    const held = Math.round(indices.length * validationFraction);
    validation.push(...indices.slice(0, held));
    train.push(...indices.slice(held));
  }
  return { train, validation };
}

function clear(network: OneHiddenLayerNetwork): void {
  network.hiddenWeights.fill(0);
  network.hiddenBiases.fill(0);
  network.outputWeights.fill(0);
  network.outputBias = 0;
}

/** An exponential moving average of a network's weights, bias-corrected for its first steps. */
class WeightAverage {
  private readonly sum: OneHiddenLayerNetwork;
  private weight = 0;

  constructor(
    network: OneHiddenLayerNetwork,
    private readonly decay: number,
  ) {
    this.sum = OneHiddenLayerNetwork.zeros(network.inputs, network.hidden);
  }

  update(network: OneHiddenLayerNetwork): void {
    const keep = this.decay;
    const mix = (into: Float64Array, from: Float64Array) => {
      for (let k = 0; k < into.length; k++) into[k] = keep * into[k] + (1 - keep) * from[k];
    };
    mix(this.sum.hiddenWeights, network.hiddenWeights);
    mix(this.sum.hiddenBiases, network.hiddenBiases);
    mix(this.sum.outputWeights, network.outputWeights);
    this.sum.outputBias = keep * this.sum.outputBias + (1 - keep) * network.outputBias;
    this.weight = keep * this.weight + (1 - keep);
  }

  /** The averaged weights as a new network. */
  network(): OneHiddenLayerNetwork {
    const scale = (values: Float64Array) => values.map((value) => value / this.weight);
    return new OneHiddenLayerNetwork(
      this.sum.inputs,
      this.sum.hidden,
      scale(this.sum.hiddenWeights),
      scale(this.sum.hiddenBiases),
      scale(this.sum.outputWeights),
      this.sum.outputBias / this.weight,
    );
  }
}

/** Adam (Kingma & Ba, 2015) over every parameter of the network, L2 added to the weight gradients. */
class Adam {
  private readonly m: OneHiddenLayerNetwork;
  private readonly v: OneHiddenLayerNetwork;
  private t = 0;
  private readonly beta1 = 0.9;
  private readonly beta2 = 0.999;
  private readonly epsilon = 1e-8;

  constructor(
    network: OneHiddenLayerNetwork,
    private readonly learningRate: number,
  ) {
    this.m = OneHiddenLayerNetwork.zeros(network.inputs, network.hidden);
    this.v = OneHiddenLayerNetwork.zeros(network.inputs, network.hidden);
  }

  step(network: OneHiddenLayerNetwork, gradient: OneHiddenLayerNetwork, size: number, l2: number) {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    const update = (
      params: Float64Array,
      grads: Float64Array,
      m: Float64Array,
      v: Float64Array,
      decay: number,
    ) => {
      for (let k = 0; k < params.length; k++) {
        const g = grads[k] / size + decay * params[k];
        m[k] = this.beta1 * m[k] + (1 - this.beta1) * g;
        v[k] = this.beta2 * v[k] + (1 - this.beta2) * g * g;
        params[k] -= (this.learningRate * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + this.epsilon);
      }
    };
    update(
      network.hiddenWeights,
      gradient.hiddenWeights,
      this.m.hiddenWeights,
      this.v.hiddenWeights,
      l2,
    );
    update(
      network.hiddenBiases,
      gradient.hiddenBiases,
      this.m.hiddenBiases,
      this.v.hiddenBiases,
      0,
    );
    update(
      network.outputWeights,
      gradient.outputWeights,
      this.m.outputWeights,
      this.v.outputWeights,
      l2,
    );
    const bias = Float64Array.of(network.outputBias);
    const mb = Float64Array.of(this.m.outputBias);
    const vb = Float64Array.of(this.v.outputBias);
    update(bias, Float64Array.of(gradient.outputBias), mb, vb, 0);
    network.outputBias = bias[0];
    this.m.outputBias = mb[0];
    this.v.outputBias = vb[0];
  }
}
