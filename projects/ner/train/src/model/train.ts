import {
  convertTags,
  evaluateChunks,
  FeatureIndex,
  seededRandom,
  shuffle,
  trainPerceptron,
  type EpochReport,
} from '@mesh/sequence';
import type { TaggedSentence } from '../data/sentence';
import { sentenceFeatures, tokenFeatures, type Lexicon } from './features';
import { learnLexicon } from './lexicon';
import { FeatureEncoder } from './feature-encoder';
import { NerModel } from './ner-model';

/** Training settings of the tagger. */
export interface NerTrainingParams {
  /** Most passes over the training data. */
  maxEpochs: number;
  /** Epochs without a better validation F1 before stopping. */
  patience: number;
  /** Features seen fewer times in training are dropped (regularises and saves memory). */
  minFeatureCount: number;
  /** Share of training sentences held out to choose the epochs when no validation data is given. */
  holdout: number;
  seed: number;
  /** Learn word clusters from the training text and use them as features. */
  wordClusters: boolean;
}

/** Progress of training, for the run's output. */
export type TrainingEvent =
  | { kind: 'features'; done: number; total: number }
  | { kind: 'epoch'; phase: 'select' | 'final'; report: EpochReport; maxEpochs: number };

/** The trained model and how its epochs were chosen. */
export interface NerTrainingResult {
  model: NerModel;
  epochs: number;
  validationF1: number;
  featureCount: number;
  history: EpochReport[];
  /** Where the validation score came from. */
  validation: 'validation-data' | 'holdout';
}

/**
 * Trains the tagger: learns the lexicon from the training text, builds the feature vocabulary,
 * trains an averaged structured perceptron over BIOES labels with early stopping on validation
 * entity F1. Without validation data, `holdout` of the training sentences choose the number of
 * epochs, then the model is retrained on every sentence for that many epochs.
 */
export async function trainNerModel(
  training: readonly TaggedSentence[],
  validation: readonly TaggedSentence[] | undefined,
  params: NerTrainingParams,
  onEvent: (event: TrainingEvent) => void = () => {},
): Promise<NerTrainingResult> {
  if (validation) {
    const fit = await fitOnce(training, validation, params, params.maxEpochs, 'select', onEvent);
    return { ...fit, validation: 'validation-data' };
  }
  const order = shuffle(
    training.map((_, i) => i),
    seededRandom(params.seed),
  );
  const heldOut = Math.max(1, Math.round(training.length * params.holdout));
  if (training.length < 10) {
    const fit = await fitOnce(training, undefined, params, params.maxEpochs, 'final', onEvent);
    return { ...fit, validation: 'holdout' };
  }
  const select = await fitOnce(
    order.slice(heldOut).map((i) => training[i]),
    order.slice(0, heldOut).map((i) => training[i]),
    params,
    params.maxEpochs,
    'select',
    onEvent,
  );
  const final = await fitOnce(training, undefined, params, select.epochs, 'final', onEvent);
  return {
    ...final,
    validationF1: select.validationF1,
    history: select.history,
    validation: 'holdout',
  };
}

async function fitOnce(
  training: readonly TaggedSentence[],
  validation: readonly TaggedSentence[] | undefined,
  params: NerTrainingParams,
  maxEpochs: number,
  phase: 'select' | 'final',
  onEvent: (event: TrainingEvent) => void,
) {
  const lexicon = learnLexicon(
    training.map((s) => s.tokens),
    { clusters: params.wordClusters },
  );
  const index = new FeatureIndex();
  const labelSet = new Set<string>(['O']);
  const bioes = training.map((s) => convertTags(s.tags, 'BIOES'));
  for (const tags of bioes) for (const tag of tags) labelSet.add(tag);
  const labels = ['O', ...[...labelSet].filter((l) => l !== 'O').sort(byTypeThenPrefix)];
  const labelId = new Map(labels.map((label, i) => [label, i]));

  const locals = training.map((s) => s.tokens.map((token) => tokenFeatures(token, lexicon)));
  training.forEach((sentence, i) => {
    sentenceFeatures(sentence.tokens, locals[i], (_, feature) => index.observe(feature));
    if (i % 2000 === 0) onEvent({ kind: 'features', done: i, total: training.length * 2 });
  });
  index.freeze(params.minFeatureCount);
  const encoder = new FeatureEncoder(index, lexicon);
  const encoded = training.map((sentence, i) => {
    if (i % 2000 === 0)
      onEvent({ kind: 'features', done: training.length + i, total: training.length * 2 });
    return encoder.encode(
      sentence.tokens,
      Int32Array.from(bioes[i], (tag) => labelId.get(tag)!),
    );
  });
  locals.length = 0;
  const validationEncoded = validation?.map((s) => encoder.encode(s.tokens));

  const result = await trainPerceptron(encoded, index.size, labels, {
    maxEpochs,
    patience: params.patience,
    seed: params.seed,
    validate: validation
      ? (tagger) =>
          evaluateChunks(
            validation.map((sentence, i) => ({
              gold: convertTags(sentence.tags, 'IOB2'),
              predicted: convertTags(tagger.tag(validationEncoded![i]), 'IOB2'),
            })),
          ).overall.f1
      : undefined,
    onEpoch: (report) => onEvent({ kind: 'epoch', phase, report, maxEpochs }),
  });
  return {
    model: new NerModel(index, lexicon, result.tagger),
    epochs: result.bestEpoch,
    validationF1: result.bestScore ?? Number.NaN,
    featureCount: index.size,
    history: result.history,
  };
}

function byTypeThenPrefix(a: string, b: string): number {
  return a.slice(2).localeCompare(b.slice(2)) || 'BIES'.indexOf(a[0]) - 'BIES'.indexOf(b[0]);
}

export type { Lexicon };
