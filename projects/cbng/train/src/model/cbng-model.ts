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

/** One edit's scores. */
export interface EditScore {
  /** The model's vandalism score in (0, 1): the network's output. */
  score: number;
  /** The network's output before the logistic function (orders edits whose scores round to 1). */
  logit: number;
  mainBayes: number;
  twoBayes: number;
}

/** The trained model: both Bayes databases and the network over their scores and the metadata. */
export class CbngModel {
  constructor(
    readonly mainBayes: BayesDatabase,
    readonly twoBayes: BayesDatabase,
    readonly network: OneHiddenLayerNetwork,
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
      OneHiddenLayerNetwork.fromJSON(read<NetworkFile>(ARTIFACTS.ann)),
    );
  }

  scoreFeatures(features: EditFeatures): EditScore {
    const bayes = bayesScores(features, this.mainBayes, this.twoBayes);
    const logit = this.network.logit(networkInput(features, bayes.main, bayes.two));
    return { score: sigmoid(logit), logit, mainBayes: bayes.main.score, twoBayes: bayes.two.score };
  }

  score(edit: WPEdit): EditScore {
    return this.scoreFeatures(extractFeatures(edit));
  }
}
