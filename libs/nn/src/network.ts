/** The saved form of a {@link OneHiddenLayerNetwork}: plain JSON, reloaded exactly. */
export interface NetworkFile {
  format: 'mesh-nn/one-hidden-layer@1';
  inputs: number;
  hidden: number;
  /** Input-to-hidden weights, row-major: `hiddenWeights[h * inputs + i]`. */
  hiddenWeights: number[];
  hiddenBiases: number[];
  outputWeights: number[];
  outputBias: number;
}

/**
 * A feed-forward network with one hidden layer of tanh units and one logistic output unit:
 * `p = σ(b2 + Σ_h w2[h]·tanh(b1[h] + Σ_i W1[h,i]·x[i]))`. {@link logit} gives the output before
 * the logistic function, which keeps scores near 1 apart when they would round to the same float.
 */
export class OneHiddenLayerNetwork {
  constructor(
    readonly inputs: number,
    readonly hidden: number,
    readonly hiddenWeights: Float64Array,
    readonly hiddenBiases: Float64Array,
    readonly outputWeights: Float64Array,
    public outputBias: number,
  ) {
    if (hiddenWeights.length !== inputs * hidden)
      throw new Error(
        `hiddenWeights has ${hiddenWeights.length} values, expected ${inputs * hidden}`,
      );
    if (hiddenBiases.length !== hidden || outputWeights.length !== hidden)
      throw new Error(`hiddenBiases and outputWeights must have ${hidden} values`);
  }

  /** A network of zeros, to be initialised by the trainer. */
  static zeros(inputs: number, hidden: number): OneHiddenLayerNetwork {
    return new OneHiddenLayerNetwork(
      inputs,
      hidden,
      new Float64Array(inputs * hidden),
      new Float64Array(hidden),
      new Float64Array(hidden),
      0,
    );
  }

  /** Hidden activations into `out` (length `hidden`), then the output logit. */
  forward(x: ArrayLike<number>, out: Float64Array): number {
    if (x.length !== this.inputs)
      throw new Error(`input has ${x.length} values, the network takes ${this.inputs}`);
    let logit = this.outputBias;
    for (let h = 0; h < this.hidden; h++) {
      let sum = this.hiddenBiases[h];
      const row = h * this.inputs;
      for (let i = 0; i < this.inputs; i++) sum += this.hiddenWeights[row + i] * x[i];
      const activation = Math.tanh(sum);
      out[h] = activation;
      logit += this.outputWeights[h] * activation;
    }
    return logit;
  }

  /** The output before the logistic function. */
  logit(x: ArrayLike<number>): number {
    return this.forward(x, new Float64Array(this.hidden));
  }

  /** The output in (0, 1). */
  predict(x: ArrayLike<number>): number {
    return sigmoid(this.logit(x));
  }

  /** A deep copy. */
  clone(): OneHiddenLayerNetwork {
    return new OneHiddenLayerNetwork(
      this.inputs,
      this.hidden,
      Float64Array.from(this.hiddenWeights),
      Float64Array.from(this.hiddenBiases),
      Float64Array.from(this.outputWeights),
      this.outputBias,
    );
  }

  toJSON(): NetworkFile {
    return {
      format: 'mesh-nn/one-hidden-layer@1',
      inputs: this.inputs,
      hidden: this.hidden,
      hiddenWeights: Array.from(this.hiddenWeights),
      hiddenBiases: Array.from(this.hiddenBiases),
      outputWeights: Array.from(this.outputWeights),
      outputBias: this.outputBias,
    };
  }

  /** Reloads {@link toJSON}'s output; throws naming the field that is wrong. */
  static fromJSON(file: NetworkFile): OneHiddenLayerNetwork {
    if (file?.format !== 'mesh-nn/one-hidden-layer@1')
      throw new Error(`not a one-hidden-layer network file (format ${String(file?.format)})`);
    for (const field of ['hiddenWeights', 'hiddenBiases', 'outputWeights'] as const) {
      if (!Array.isArray(file[field]) || file[field].some((v) => typeof v !== 'number'))
        throw new Error(`network file: ${field} must be an array of numbers`);
    }
    return new OneHiddenLayerNetwork(
      file.inputs,
      file.hidden,
      Float64Array.from(file.hiddenWeights),
      Float64Array.from(file.hiddenBiases),
      Float64Array.from(file.outputWeights),
      file.outputBias,
    );
  }
}

/** The logistic function, computed without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
