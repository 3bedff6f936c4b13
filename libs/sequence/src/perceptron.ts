import { mulberry32, shuffle } from '@mesh/ml';
import { transitionConstraints, type TransitionConstraints } from './transitions';
import { viterbi } from './viterbi';

/** A sentence as feature ids: token t has ids `features[offsets[t] .. offsets[t + 1])`. */
export interface EncodedSentence {
  features: Int32Array;
  offsets: Int32Array;
  /** Gold label ids (training and validation data only). */
  labels?: Int32Array;
}

/** The weights of a first-order linear-chain model over `labels`. */
export interface SequenceModelWeights {
  labels: string[];
  featureCount: number;
  /** `emission[f * L + y]`: weight of feature f for label y. */
  emission: Float32Array;
  /** `transition[(p + 1) * L + y]`: weight of y after p; row 0 is the sentence start. */
  transition: Float64Array;
}

/** A linear-chain tagger: scores with its weights, decodes with constrained Viterbi. */
export class SequenceTagger {
  readonly constraints: TransitionConstraints;

  constructor(readonly weights: SequenceModelWeights) {
    this.constraints = transitionConstraints(weights.labels);
  }

  /** The best valid label ids of a sentence. */
  decode(sentence: EncodedSentence): Int32Array {
    const L = this.weights.labels.length;
    const length = sentence.offsets.length - 1;
    return viterbi(
      emissionScores(this.weights.emission, L, sentence),
      length,
      L,
      this.weights.transition,
      this.constraints,
    );
  }

  /** The best valid labels of a sentence, as strings. */
  tag(sentence: EncodedSentence): string[] {
    return Array.from(this.decode(sentence), (y) => this.weights.labels[y]);
  }
}

/** Options of {@link trainPerceptron}. */
export interface PerceptronOptions {
  /** Most passes over the training data. Default: 30. */
  maxEpochs?: number;
  /** Stop after this many epochs without a better validation score. Default: 3. */
  patience?: number;
  /** Seed of the shuffle before each epoch. Default: 1. */
  seed?: number;
  /**
   * Scores the averaged model after each epoch (higher is better), e.g. entity F1 on validation
   * data; the best epoch's model is returned. Without it every epoch runs and the last is kept.
   */
  validate?: (tagger: SequenceTagger, epoch: number) => number | Promise<number>;
  /** Called after each epoch with its training mistakes (sentences decoded wrongly) and score. */
  onEpoch?: (report: EpochReport) => void;
}

/** What one epoch did. */
export interface EpochReport {
  epoch: number;
  /** Training sentences whose decoded labels differed from the gold labels. */
  mistakes: number;
  sentences: number;
  /** The validation score, when validating. */
  score?: number;
}

/** The trained tagger and how it was chosen. */
export interface PerceptronResult {
  tagger: SequenceTagger;
  /** The epoch whose averaged weights were kept (1-based). */
  bestEpoch: number;
  bestScore?: number;
  history: EpochReport[];
}

/**
 * Trains an averaged structured perceptron (Collins 2002): decode each training sentence with
 * constrained Viterbi, add the gold features and subtract the predicted ones when they differ,
 * and return the average of the weights over every step, which generalises far better than
 * the last weights. Averaging is lazy (Daumé 2006): `avg = w - u / c`, where `u` sums the
 * updates times the step they were made at. Epochs are chosen by early stopping on
 * `validate`.
 */
export async function trainPerceptron(
  sentences: readonly EncodedSentence[],
  featureCount: number,
  labels: readonly string[],
  options: PerceptronOptions = {},
): Promise<PerceptronResult> {
  const L = labels.length;
  const maxEpochs = options.maxEpochs ?? 30;
  const patience = options.patience ?? 3;
  const random = mulberry32(options.seed ?? 1);
  const constraints = transitionConstraints(labels);
  const w = new Float32Array(featureCount * L);
  const u = new Float64Array(featureCount * L);
  const tw = new Float64Array((L + 1) * L);
  const tu = new Float64Array((L + 1) * L);
  let step = 1;
  const order = sentences.map((_, i) => i);
  const history: EpochReport[] = [];
  let best: PerceptronResult | undefined;

  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    shuffle(order, random);
    let mistakes = 0;
    for (const i of order) {
      const sentence = sentences[i];
      const gold = sentence.labels;
      if (!gold) throw new Error('a training sentence has no labels');
      const length = gold.length;
      const predicted = viterbi(emissionScores(w, L, sentence), length, L, tw, constraints);
      let wrong = false;
      for (let t = 0; t < length; t++) {
        const g = gold[t];
        const p = predicted[t];
        if (g !== p) {
          wrong = true;
          for (let k = sentence.offsets[t]; k < sentence.offsets[t + 1]; k++) {
            const row = sentence.features[k] * L;
            w[row + g] += 1;
            u[row + g] += step;
            w[row + p] -= 1;
            u[row + p] -= step;
          }
        }
        const gPrev = t === 0 ? 0 : gold[t - 1] + 1;
        const pPrev = t === 0 ? 0 : predicted[t - 1] + 1;
        if (g !== p || gPrev !== pPrev) {
          tw[gPrev * L + g] += 1;
          tu[gPrev * L + g] += step;
          tw[pPrev * L + p] -= 1;
          tu[pPrev * L + p] -= step;
        }
      }
      if (wrong) mistakes++;
      step++;
    }
    const tagger = new SequenceTagger({
      labels: [...labels],
      featureCount,
      emission: averaged32(w, u, step),
      transition: averaged64(tw, tu, step),
    });
    const report: EpochReport = { epoch, mistakes, sentences: sentences.length };
    if (options.validate) report.score = await options.validate(tagger, epoch);
    history.push(report);
    options.onEpoch?.(report);
    const better = !best || (report.score ?? 0) > (best.bestScore ?? 0) || !options.validate;
    if (better) best = { tagger, bestEpoch: epoch, bestScore: report.score, history };
    else if (epoch - best!.bestEpoch >= patience) break;
    if (mistakes === 0) break;
  }
  return best!;
}

/** `emissions[t * L + y]`: the summed weights of token t's features for label y. */
export function emissionScores(
  weights: Float32Array,
  L: number,
  sentence: EncodedSentence,
): Float64Array {
  const length = sentence.offsets.length - 1;
  const scores = new Float64Array(length * L);
  const { features, offsets } = sentence;
  for (let t = 0; t < length; t++) {
    const base = t * L;
    for (let k = offsets[t]; k < offsets[t + 1]; k++) {
      const row = features[k] * L;
      for (let y = 0; y < L; y++) scores[base + y] += weights[row + y];
    }
  }
  return scores;
}

function averaged32(w: Float32Array, u: Float64Array, step: number): Float32Array {
  const result = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) result[i] = w[i] - u[i] / step;
  return result;
}

function averaged64(w: Float64Array, u: Float64Array, step: number): Float64Array {
  const result = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) result[i] = w[i] - u[i] / step;
  return result;
}
