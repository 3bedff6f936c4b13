import { readFileSync } from 'node:fs';
import { writeArtifactFileSync } from '@mesh/model-store';
import { RankingModel, type RankingModelFile } from '@mesh/ltr';
import type { CategoryEncoding } from './features';
import type { RelevanceScale } from './relevance';

/** Identifies the ranker's JSON model layout. */
export const RANKER_FORMAT = 'mesh-ranker/1';

/** What rows the model was trained on: snapshot processes (features.ts) or SVMlight columns. */
export type InputKind = 'snapshots' | 'svmlight';

/**
 * The JSON model file (documented in the README): the tree ensemble of @mesh/ltr under
 * `ensemble` (trees as parallel arrays), the feature order, the category codes of the
 * categorical features (code = index in the list; unseen = missing) and the relevance scale the
 * targets were graded with.
 */
export interface RankerModelFile {
  format: typeof RANKER_FORMAT;
  model_type: 'LambdaMART';
  input: InputKind;
  feature_names: string[];
  categorical_features: string[];
  categories: Record<string, string[]>;
  relevance: RelevanceScale;
  params: Record<string, unknown>;
  /** A few encoded rows of the validation data (null = missing): what `validate` scores. */
  sample_rows: Array<Array<number | null>>;
  ensemble: RankingModelFile;
}

/** A trained ranker: the ensemble plus how its inputs are encoded. */
export class RankerModel {
  constructor(
    readonly ensemble: RankingModel,
    readonly input: InputKind,
    readonly encoding: CategoryEncoding,
    readonly relevance: RelevanceScale,
    readonly params: Record<string, unknown>,
    /** Encoded sample rows (row-major), kept in the file for checks without the data. */
    public sampleRows: Float32Array = new Float32Array(0),
  ) {}

  toJSON(): RankerModelFile {
    return {
      format: RANKER_FORMAT,
      model_type: 'LambdaMART',
      input: this.input,
      feature_names: this.ensemble.featureNames,
      categorical_features: Object.keys(this.encoding.categories),
      categories: this.encoding.categories,
      relevance: this.relevance,
      params: this.params,
      sample_rows: rowsOf(this.sampleRows, this.ensemble.numFeatures),
      ensemble: this.ensemble.toJSON(),
    };
  }

  save(path: string): void {
    writeArtifactFileSync(path, `${JSON.stringify(this.toJSON())}\n`);
  }

  static load(path: string): RankerModel {
    let value: Partial<RankerModelFile>;
    try {
      value = JSON.parse(readFileSync(path, 'utf8')) as Partial<RankerModelFile>;
    } catch (error) {
      throw new Error(`${path}: cannot read the model as JSON (${(error as Error).message})`);
    }
    if (value?.format !== RANKER_FORMAT)
      throw new Error(
        `${path}: not a ranker model (format must be "${RANKER_FORMAT}", got ${JSON.stringify(value?.format)}); train one with train_ranker or train_pipeline`,
      );
    if (value.input !== 'snapshots' && value.input !== 'svmlight')
      throw new Error(`${path}: input must be "snapshots" or "svmlight"`);
    const ensemble = RankingModel.fromJSON(value.ensemble, `${path} (ensemble)`);
    return new RankerModel(
      ensemble,
      value.input,
      { categories: value.categories ?? {} },
      value.relevance ?? { kind: 'grades' },
      value.params ?? {},
      Float32Array.from((value.sample_rows ?? []).flat(), (cell) => (cell === null ? NaN : cell)),
    );
  }
}

function rowsOf(matrix: Float32Array, width: number): Array<Array<number | null>> {
  const rows: Array<Array<number | null>> = [];
  for (let r = 0; r * width < matrix.length; r++)
    rows.push(
      Array.from(matrix.subarray(r * width, (r + 1) * width), (value) =>
        Number.isNaN(value) ? null : value,
      ),
    );
  return rows;
}
