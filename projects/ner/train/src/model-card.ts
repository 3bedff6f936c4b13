import type { GitInfo } from '@mesh/pipeline';
import type { NerEvaluation } from './evaluation';

/** Where a data set came from and exactly which bytes were used. */
export interface DatasetRecord {
  uri: string;
  location: string;
  digest: string;
  bytes: number;
  sentences: number;
  tokens: number;
  format: string;
  scheme: string;
}

/** A stored file of the run, with its digest. */
export interface ArtifactRecord {
  path: string;
  bytes: number;
  sha256: string;
}

/** Assembles the model card; settings must already be redacted. */
export function makeModelCard(input: {
  created: Date;
  environment: string;
  params: Record<string, unknown>;
  types: string[];
  metrics: Record<string, number>;
  evaluation: NerEvaluation;
  baseline: NerEvaluation;
  data: Record<string, DatasetRecord>;
  git: GitInfo;
  redactedSettings: Record<string, unknown>;
  artifacts: ArtifactRecord[];
}) {
  return {
    name: 'ner-train',
    model_type: 'named-entity-recognition',
    method:
      'Averaged structured perceptron (Collins 2002) over BIOES labels, first-order constrained Viterbi decoding, ' +
      'feature-based token representation after Ratinov & Roth (2009); scored with the CoNLL conlleval rules',
    intended_use:
      'Tagging entity mentions in tokenised or plain English text of the kind it was trained on (newswire for the CoNLL-2003 types PER, LOC, ORG, MISC).',
    limitations:
      'Sentence-level features only (no document context, no gazetteers); quality drops on text unlike the training data; the text tokenizer follows CoNLL-2003 conventions.',
    created: input.created.toISOString(),
    environment: input.environment,
    params: input.params,
    entity_types: input.types,
    metrics: input.metrics,
    evaluation: input.evaluation,
    baseline: { method: 'most frequent tag per word', evaluation: input.baseline },
    data: input.data,
    lineage: { git_sha: input.git.sha, git_branch: input.git.branch, git_dirty: input.git.dirty },
    settings: input.redactedSettings,
    artifacts: input.artifacts,
  };
}
