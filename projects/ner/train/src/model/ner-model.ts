import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeArtifactFileSync } from '@mesh/model-store';
import {
  chunksOf,
  FeatureIndex,
  SequenceTagger,
  type Chunk,
  type SequenceModelWeights,
} from '@mesh/sequence';
import { FeatureEncoder } from './feature-encoder';
import type { Lexicon } from './features';

/** Name of the model artifact in the run folder. */
export const MODEL_FILE = 'model.bin.gz';
const FORMAT = 'mesh-ner-perceptron/1';

/** A trained named-entity tagger: feature vocabulary, lexicon and averaged perceptron weights. */
export class NerModel {
  private readonly encoder: FeatureEncoder;

  constructor(
    readonly index: FeatureIndex,
    readonly lexicon: Lexicon,
    readonly tagger: SequenceTagger,
  ) {
    this.encoder = new FeatureEncoder(index, lexicon);
  }

  /** The entity types the model can emit. */
  get types(): string[] {
    return [
      ...new Set(this.tagger.weights.labels.filter((l) => l !== 'O').map((l) => l.slice(2))),
    ].sort();
  }

  /** The BIOES tags of one tokenised sentence. */
  tag(tokens: readonly string[]): string[] {
    if (tokens.length === 0) return [];
    return this.tagger.tag(this.encoder.encode(tokens));
  }

  /** The entities of one tokenised sentence as token spans (end exclusive). */
  entities(tokens: readonly string[]): Chunk[] {
    return chunksOf(this.tag(tokens));
  }

  /** Writes the model as one gzip file: a JSON header line, the features, then the weights. */
  save(path: string): void {
    const { labels, featureCount, emission, transition } = this.tagger.weights;
    const header = JSON.stringify({
      format: FORMAT,
      labels,
      featureCount,
      clusters: [...this.lexicon.clusters],
      usuallyLower: [...this.lexicon.usuallyLower],
    });
    const features = Buffer.from(`${header}\n${this.index.features().join('\n')}\n`, 'utf8');
    const size = Buffer.alloc(4);
    size.writeUInt32LE(features.length);
    const body = Buffer.concat([
      size,
      features,
      Buffer.from(transition.buffer, transition.byteOffset, transition.byteLength),
      Buffer.from(emission.buffer, emission.byteOffset, emission.byteLength),
    ]);
    writeArtifactFileSync(path, gzipSync(body, { level: 6 }));
  }

  /** Reads a model written by {@link NerModel.save}. */
  static load(path: string): NerModel {
    const body = gunzipSync(readFileSync(path));
    const textLength = body.readUInt32LE(0);
    const lines = body
      .subarray(4, 4 + textLength)
      .toString('utf8')
      .split('\n');
    const header = JSON.parse(lines[0]) as {
      format: string;
      labels: string[];
      featureCount: number;
      clusters: [string, string][];
      usuallyLower: string[];
    };
    if (header.format !== FORMAT)
      throw new Error(
        `${path} is not a ner model (format "${header.format}", expected "${FORMAT}")`,
      );
    const features = lines.slice(1, 1 + header.featureCount);
    const L = header.labels.length;
    let offset = 4 + textLength;
    const transition = new Float64Array((L + 1) * L);
    Buffer.from(transition.buffer).set(body.subarray(offset, offset + transition.byteLength));
    offset += transition.byteLength;
    const emission = new Float32Array(header.featureCount * L);
    Buffer.from(emission.buffer).set(body.subarray(offset, offset + emission.byteLength));
    const weights: SequenceModelWeights = {
      labels: header.labels,
      featureCount: header.featureCount,
      emission,
      transition,
    };
    return new NerModel(
      FeatureIndex.from(features),
      { clusters: new Map(header.clusters), usuallyLower: new Set(header.usuallyLower) },
      new SequenceTagger(weights),
    );
  }
}
