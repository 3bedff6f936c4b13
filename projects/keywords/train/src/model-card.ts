import type { GitInfo } from '@mesh/pipeline';
import type { KeywordParams } from './model/params';
import type { Evaluation } from './evaluate';
import type { BaselineScore } from './baselines';
import type { Selection } from './model/fit';

/** Where a data set came from and exactly which bytes were used. */
export interface DatasetRecord {
  uri: string;
  location: string;
  digest: string;
  bytes: number;
  records: number;
}

/** A stored file of the run, with its digest. */
export interface ArtifactRecord {
  path: string;
  bytes: number;
  sha256: string;
}

/** What the model card says: enough to know what the model is, how good, and from what. */
export interface ModelCard {
  name: string;
  model_type: string;
  method: string;
  created: string;
  environment: string;
  params: KeywordParams;
  languages: string[];
  metrics: Record<string, number>;
  evaluation: Evaluation;
  /** Simpler rankings scored on the same evaluation data; the gated ones bound the model. */
  baselines: BaselineScore[];
  /** How method and candidate settings were chosen, with the validation scores. */
  selection: Selection;
  data: { training: DatasetRecord; evaluation: DatasetRecord };
  lineage: { git_sha: string | null; git_branch: string | null; git_dirty: boolean | null };
  settings: Record<string, unknown>;
  artifacts: ArtifactRecord[];
}

/** Assembles the card; settings must already be redacted. */
export function makeModelCard(input: {
  name: string;
  created: Date;
  environment: string;
  method: 'supervised' | 'kp-miner';
  params: KeywordParams;
  languages: string[];
  metrics: Record<string, number>;
  evaluation: Evaluation;
  baselines: BaselineScore[];
  selection: Selection;
  training: DatasetRecord;
  evaluationData: DatasetRecord;
  git: GitInfo;
  redactedSettings: Record<string, unknown>;
  artifacts: ArtifactRecord[];
}): ModelCard {
  return {
    name: input.name,
    model_type: 'keyword-extraction',
    method:
      input.method === 'supervised'
        ? 'supervised keyphrase ranking (KEA features, Witten et al., 1999, with KP-Miner score, position spread, POS pattern; L2 logistic regression) over KP-Miner candidates'
        : 'KP-Miner (El-Beltagy & Rafea, 2009) with corpus document frequencies',
    created: input.created.toISOString(),
    environment: input.environment,
    params: input.params,
    languages: input.languages,
    metrics: input.metrics,
    evaluation: input.evaluation,
    baselines: input.baselines,
    selection: input.selection,
    data: { training: input.training, evaluation: input.evaluationData },
    lineage: { git_sha: input.git.sha, git_branch: input.git.branch, git_dirty: input.git.dirty },
    settings: input.redactedSettings,
    artifacts: input.artifacts,
  };
}
