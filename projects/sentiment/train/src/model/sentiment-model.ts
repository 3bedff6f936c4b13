import { readFileSync } from 'node:fs';
import { writeArtifactFileSync } from '@mesh/model-store';
import { probabilitiesFromDecisions } from '@mesh/ml';
import { FeatureHasher, type FeatureConfig } from './features';

/** Name and version of the artifact layout: readers refuse other versions. */
export const MODEL_FORMAT = { name: 'mesh-sentiment-nbsvm', version: 1 } as const;

/**
 * model.json: versioned JSON. `buckets` is a base64 little-endian Uint32Array of the hashed
 * columns with a non-zero weight, ascending; `weights[k]` a base64 Float32Array aligned with it
 * holding problem k's weight times the column's NB log-count ratio (so prediction is a plain
 * sparse dot product). Binary models have one problem (for `labels[1]`), others one per label.
 */
export interface SentimentModelFile {
  format: typeof MODEL_FORMAT.name;
  version: typeof MODEL_FORMAT.version;
  labels: string[];
  features: FeatureConfig;
  buckets: string;
  weights: string[];
  intercepts: number[];
  hyperparameters: Record<string, unknown>;
}

/** A prediction: the most probable label and every label's probability. */
export interface SentimentPrediction {
  label: string;
  probabilities: Record<string, number>;
}

function toBase64(array: Uint32Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64<T extends Uint32Array | Float32Array>(
  text: string,
  make: (buffer: ArrayBuffer) => T,
): T {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

/** A trained sentiment classifier: hashed n-gram features and one linear scorer per problem. */
export class SentimentModel {
  private readonly hasher: FeatureHasher;

  constructor(
    readonly labels: string[],
    readonly features: FeatureConfig,
    readonly buckets: Uint32Array,
    readonly weights: Float32Array[],
    readonly intercepts: number[],
    readonly hyperparameters: Record<string, unknown> = {},
  ) {
    this.hasher = new FeatureHasher(features);
  }

  /** Each label's probability for a text, in the order of `labels`. */
  probabilities(text: string): number[] {
    const columns = this.hasher.features(text);
    const decisions = this.intercepts.slice();
    const buckets = this.buckets;
    for (let c = 0; c < columns.length; c++) {
      const bucket = columns[c] >>> 0;
      let low = 0;
      let high = buckets.length - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const value = buckets[middle];
        if (value < bucket) low = middle + 1;
        else if (value > bucket) high = middle - 1;
        else {
          for (let k = 0; k < decisions.length; k++) decisions[k] += this.weights[k][middle];
          break;
        }
      }
    }
    return probabilitiesFromDecisions(this.labels.length, decisions);
  }

  predict(text: string): SentimentPrediction {
    const p = this.probabilities(text);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    return {
      label: this.labels[best],
      probabilities: Object.fromEntries(this.labels.map((label, k) => [label, p[k]])),
    };
  }

  toFile(): SentimentModelFile {
    return {
      format: MODEL_FORMAT.name,
      version: MODEL_FORMAT.version,
      labels: this.labels,
      features: this.features,
      buckets: toBase64(this.buckets),
      weights: this.weights.map(toBase64),
      intercepts: this.intercepts,
      hyperparameters: this.hyperparameters,
    };
  }

  save(path: string): void {
    writeArtifactFileSync(path, `${JSON.stringify(this.toFile())}\n`);
  }

  static fromFile(file: SentimentModelFile, source = 'model.json'): SentimentModel {
    if (file?.format !== MODEL_FORMAT.name || file.version !== MODEL_FORMAT.version)
      throw new Error(
        `${source}: not a ${MODEL_FORMAT.name} v${MODEL_FORMAT.version} model (format ${String(file?.format)} v${String(file?.version)})`,
      );
    const buckets = fromBase64(file.buckets, (buffer) => new Uint32Array(buffer));
    const weights = file.weights.map((text) =>
      fromBase64(text, (buffer) => new Float32Array(buffer)),
    );
    if (weights.some((w) => w.length !== buckets.length))
      throw new Error(`${source}: weights and buckets differ in length (corrupt file)`);
    return new SentimentModel(
      file.labels,
      file.features,
      buckets,
      weights,
      file.intercepts,
      file.hyperparameters,
    );
  }

  static load(path: string): SentimentModel {
    return SentimentModel.fromFile(
      JSON.parse(readFileSync(path, 'utf8')) as SentimentModelFile,
      path,
    );
  }
}
