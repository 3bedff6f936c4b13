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
// The seeded generator and shuffle training uses, from @mesh/ml (seededRandom is plain mulberry32).
export { mulberry32 as seededRandom, shuffle } from '@mesh/ml';
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
