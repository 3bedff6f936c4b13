import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '@mesh/testing';
import { KeywordModel, MODEL_FORMAT } from '../../src/model/keyword-model';
import { KP_MINER_ALPHA, KP_MINER_SIGMA, type KeywordParams } from '../../src/model/params';
import { trainKeywordModel } from '../../src/model/train';

const params: KeywordParams = {
  ngramRange: [1, 3],
  candidates: 'ngrams',
  stopWords: 'auto',
  topN: 5,
  cutoffPosition: 400,
  minFrequency: 1,
  alpha: KP_MINER_ALPHA,
  sigma: KP_MINER_SIGMA,
};
const corpus = [
  {
    lang: 'en' as const,
    text: 'Solar panels turn sunlight into electricity. Solar power is clean.',
  },
  { lang: 'en' as const, text: 'Wind turbines turn wind into electricity on wind farms.' },
  { lang: 'en' as const, text: 'Hydroelectric dams store water and make electricity.' },
  { lang: 'de' as const, text: 'Die Sonnenenergie wird mit Solarzellen in Strom umgewandelt.' },
  { lang: 'de' as const, text: 'Windräder erzeugen Strom aus Wind.' },
];
const inputs = [
  {
    text: 'Offshore wind farms make electricity from strong wind at sea.',
    language: 'en' as const,
  },
  {
    text: 'Solarzellen wandeln Sonnenenergie in Strom um, auch auf Dächern.',
    language: 'de' as const,
  },
];

describe('model artifact', () => {
  it('learns document frequencies per language, storing only phrases seen in two documents or more', async () => {
    const stored = (await trainKeywordModel(corpus, params)).toFile();
    expect(stored.format).toBe(MODEL_FORMAT);
    expect(stored.languages.en).toEqual({
      documents: 3,
      documentFrequency: { electr: 3, turn: 2 },
    });
    expect(stored.languages.de?.documents).toBe(2);
  });

  it('round-trips to identical bytes and identical predictions', async () => {
    const model = await trainKeywordModel(corpus, params);
    const path = join(tempTree(), 'model.json');
    model.save(path);
    const loaded = KeywordModel.load(path);
    const again = join(tempTree(), 'model.json');
    loaded.save(again);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(path, 'utf8'));
    for (const input of inputs)
      expect(loaded.extract(input.text, { language: input.language })).toEqual(
        model.extract(input.text, { language: input.language }),
      );
    expect(loaded.extract(inputs[0].text).map((keyphrase) => keyphrase.phrase)).toContain(
      'offshore wind farms',
    );
  });

  it('refuses a file of another format', () => {
    const dir = tempTree({ 'other.json': '{"format":"something-else"}' });
    expect(() => KeywordModel.load(join(dir, 'other.json'))).toThrow(
      `format "something-else" is not ${MODEL_FORMAT}`,
    );
  });
});
