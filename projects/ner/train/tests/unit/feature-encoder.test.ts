import { FeatureIndex } from '@mesh/sequence';
import { FeatureEncoder } from '../../src/model/feature-encoder';
import { sentenceFeatures, tokenFeatures, type Lexicon } from '../../src/model/features';

describe('FeatureEncoder', () => {
  it('gives each token exactly the known features of sentenceFeatures', () => {
    const lexicon: Lexicon = {
      clusters: new Map([
        ['paris', '0110'],
        ['in', '10'],
      ]),
      usuallyLower: new Set(['the']),
    };
    const training = ['The', 'mayor', 'of', 'Paris', 'spoke', 'in', 'LONDON', '.'];
    const local = training.map((word) => tokenFeatures(word, lexicon));
    const index = new FeatureIndex();
    sentenceFeatures(training, local, (_, feature) => index.observe(feature));
    index.freeze();
    const encoder = new FeatureEncoder(index, lexicon);
    for (const sentence of [training, ['Paris', 'in', 'spring'], ['Unknown']]) {
      const expected: number[][] = sentence.map(() => []);
      sentenceFeatures(
        sentence,
        sentence.map((word) => tokenFeatures(word, lexicon)),
        (t, feature) => {
          const id = index.id(feature);
          if (id >= 0) expected[t].push(id);
        },
      );
      const encoded = encoder.encode(sentence);
      const actual = sentence.map((_, t) =>
        Array.from(encoded.features.subarray(encoded.offsets[t], encoded.offsets[t + 1])),
      );
      expect(actual.map((ids) => ids.sort((a, b) => a - b))).toEqual(
        expected.map((ids) => ids.sort((a, b) => a - b)),
      );
    }
  });
});
