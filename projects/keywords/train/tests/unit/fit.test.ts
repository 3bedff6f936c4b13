import { evaluate } from '../../src/evaluate';
import { fitKeywordModel } from '../../src/model/fit';
import { KeywordModel } from '../../src/model/keyword-model';
import { KP_MINER_DEFAULTS, type KeywordParams } from '../../src/model/params';
import { generateDocuments } from '../support/synthetic-corpus';

const params: KeywordParams = KP_MINER_DEFAULTS;
// Small data: 120 generated abstracts to train on, 40 to test on.
const training = generateDocuments(120, 3);
const test = generateDocuments(40, 4, 120);
const options = { params, tune: true, validationFraction: 0.2, seed: 1 };

// Each fit takes seconds on a loaded machine: the supervised one is shared.
jest.setTimeout(120_000);
let supervised: Awaited<ReturnType<typeof fitKeywordModel>>;
beforeAll(async () => {
  supervised = await fitKeywordModel(training, options);
}, 120_000);

describe('fitKeywordModel', () => {
  it('trains the supervised ranker on gold keyphrases and records how it chose its settings', () => {
    const { model, selection } = supervised;
    expect(selection.validation).toEqual({ source: 'split', documents: 24 });
    expect(selection.grid.length).toBeGreaterThanOrEqual(27);
    expect(selection.ranker.map((point) => point.C)).toEqual([0.1, 1, 10]);
    expect(model.method).toBe('supervised');
    const best = selection.grid.reduce((a, b) => (b.f1 > a.f1 ? b : a));
    expect(model.params).toMatchObject({
      ngramRange: best.ngramRange,
      cutoffPosition: best.cutoffPosition,
      minFrequency: best.minFrequency,
    });
    // It round-trips through its stored form.
    const loaded = KeywordModel.fromFile(JSON.parse(JSON.stringify(model.toFile())));
    expect(loaded.extract(test[0].text, { language: 'en' })).toEqual(
      model.extract(test[0].text, { language: 'en' }),
    );
  });

  it('beats KP-Miner trained on the same text without the gold keyphrases', async () => {
    const unlabelled = training.map(({ keyphrases: _, ...rest }) => rest);
    const { model: kpMiner, selection } = await fitKeywordModel(unlabelled, options);
    expect(kpMiner.method).toBe('kp-miner');
    expect(selection.reason).toBe('the training documents carry no gold keyphrases');
    const f1 = async (model: KeywordModel) => (await evaluate(model, test, 10)).overall.f1;
    expect(await f1(supervised.model)).toBeGreaterThan(await f1(kpMiner));
  });

  it('uses the configured settings when TUNE is off', async () => {
    const { model, selection } = await fitKeywordModel(training, { ...options, tune: false });
    expect(selection.grid).toEqual([]);
    expect(model.params.ngramRange).toEqual([1, 3]);
  });
});
