export {
  ChunkEvaluator,
  evaluateChunks,
  type ChunkEvaluation,
  type ChunkScores,
} from './conlleval';
export { FeatureIndex } from './feature-index';
export {
  emissionScores,
  SequenceTagger,
  trainPerceptron,
  type EncodedSentence,
  type EpochReport,
  type PerceptronOptions,
  type PerceptronResult,
  type SequenceModelWeights,
} from './perceptron';
export { seededRandom, shuffle } from './rng';
export { learnWordClusters, type WordClusterOptions } from './word-clusters';
export {
  chunksOf,
  convertTags,
  detectScheme,
  endsChunk,
  entityTypes,
  parseTag,
  startsChunk,
  TagError,
  tagsOf,
  type Chunk,
  type ParsedTag,
  type TagScheme,
} from './tags';
export { transitionConstraints, type TransitionConstraints } from './transitions';
export { viterbi } from './viterbi';
