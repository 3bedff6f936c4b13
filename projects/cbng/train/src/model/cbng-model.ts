import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OneHiddenLayerNetwork, sigmoid, type NetworkFile } from '@mesh/nn';
import type { WPEdit } from '../edit-set/wp-edit';
import { BayesDatabase, type BayesDatabaseFile } from '../features/bayes-db';
import { bayesScores, extractFeatures, networkInput, type EditFeatures } from './edit-features';

/** Where a run keeps the model's parts, relative to the run folder. */
export const ARTIFACTS = {
  mainBayes: 'artifacts/main_bayes.json',
  twoBayes: 'artifacts/two_bayes.json',
  ann: 'artifacts/ann.json',
} as const;

/** The saved network(s): an ensemble whose logits are averaged. */
export interface AnnFile {
  format: 'cbng-ann@1';
  networks: NetworkFile[];
}

/** The ANN artifact of trained networks. */
export function annFile(networks: OneHiddenLayerNetwork[]): AnnFile {
  return { format: 'cbng-ann@1', networks: networks.map((network) => network.toJSON()) };
}

/** One edit's scores. */
export interface EditScore {
  /** The model's vandalism score in (0, 1): the network's output. */
  score: number;
  /** The network's output before the logistic function (orders edits whose scores round to 1). */
  logit: number;
  mainBayes: number;
  twoBayes: number;
}

/**
 * The trained model: both Bayes databases and the network(s) over their scores and the
 * metadata; with several networks (ENSEMBLE_SIZE) their logits are averaged, which steadies the
 * scores across seeds where a single network's low-false-positive tail moves a lot.
 */
export class CbngModel {
  constructor(
    readonly mainBayes: BayesDatabase,
    readonly twoBayes: BayesDatabase,
    readonly networks: OneHiddenLayerNetwork[],
  ) {}

  /** Loads the model from a run folder (or a registered version's artifacts). */
  static load(folder: string): CbngModel {
    const read = <T>(path: string): T => {
      try {
        return JSON.parse(readFileSync(join(folder, path), 'utf8')) as T;
      } catch (error) {
        throw new Error(
          `${join(folder, path)}: ${(error as Error).message} (is this a cbng run folder?)`,
          {
            cause: error,
          },
        );
      }
    };
    return new CbngModel(
      BayesDatabase.fromJSON(read<BayesDatabaseFile>(ARTIFACTS.mainBayes)),
      BayesDatabase.fromJSON(read<BayesDatabaseFile>(ARTIFACTS.twoBayes)),
      readAnn(read<AnnFile>(ARTIFACTS.ann)),
    );
  }

  scoreFeatures(features: EditFeatures): EditScore {
    const bayes = bayesScores(features, this.mainBayes, this.twoBayes);
    const input = networkInput(features, bayes.main, bayes.two);
    let logit = 0;
    for (const network of this.networks) logit += network.logit(input);
    logit /= this.networks.length;
    return { score: sigmoid(logit), logit, mainBayes: bayes.main.score, twoBayes: bayes.two.score };
  }

  score(edit: WPEdit): EditScore {
    return this.scoreFeatures(extractFeatures(edit));
  }
}

function readAnn(file: AnnFile): OneHiddenLayerNetwork[] {
  if (file?.format !== 'cbng-ann@1' || !Array.isArray(file.networks) || file.networks.length === 0)
    throw new Error(`${ARTIFACTS.ann}: not a cbng ANN file (format ${String(file?.format)})`);
  return file.networks.map((network) => OneHiddenLayerNetwork.fromJSON(network));
}
