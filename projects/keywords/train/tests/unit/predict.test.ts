import { join } from 'node:path';
import type { ComponentPredictorModule } from '@mesh/pipeline';
import { tempTree } from '@mesh/testing';
import { evaluate as scoreModel } from '../../src/evaluate';
import { evaluationMetrics } from '../../src/metrics';
import { KeywordModel } from '../../src/model/keyword-model';
import { KP_MINER_ALPHA, KP_MINER_SIGMA, type KeywordParams } from '../../src/model/params';
import { trainKeywordModel } from '../../src/model/train';
import * as predictModule from '../../src/predict';
import { parseEvaluationRecord } from '../../src/records';

const params: KeywordParams = {
  ngramRange: [1, 3],
  candidates: 'ngrams',
  stopWords: 'auto',
  topN: 3,
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
];

// The module satisfies the platform's contract (a type error here breaks the build).
const contract: ComponentPredictorModule = predictModule;

async function modelDir(): Promise<{ dir: string; model: KeywordModel }> {
  const dir = tempTree();
  const model = await trainKeywordModel(corpus, params);
  model.save(join(dir, 'model.json'));
  return { dir, model };
}

describe('keywords predictor', () => {
  it('answers {text, lang?} with the model’s keyphrases, one output per input, in order', async () => {
    const { dir, model } = await modelDir();
    const predictor = await contract.loadPredictor(dir);
    const inputs = [
      { text: 'Offshore wind farms make electricity from wind.', lang: 'en' },
      { text: 'Solar panels make clean electricity from sunlight.' },
    ];
    const outputs = await predictor.predict(inputs);
    expect(outputs).toHaveLength(2);
    expect(outputs[0]).toEqual({
      keyphrases: model
        .extract(inputs[0].text, { language: 'en' })
        .map(({ phrase, score }) => ({ phrase, score })),
    });
    const [first] = (outputs[1] as { keyphrases: Array<{ phrase: string }> }).keyphrases;
    expect(first.phrase.length).toBeGreaterThan(0);
  });

  it('names the field and the input of a bad input', async () => {
    const { dir } = await modelDir();
    const predictor = await contract.loadPredictor(dir);
    await expect(predictor.predict([{ text: 'fine' }, { title: 'no text' }])).rejects.toThrow(
      'input 2 of the batch: field "text" must be a non-empty string',
    );
    await expect(predictor.predict([{ text: 'Hola', lang: 'es' }])).rejects.toThrow(
      /field "lang" must be one of the model's languages en, de/,
    );
  });

  it('refuses a folder without a model', async () => {
    await expect(contract.loadPredictor(tempTree())).rejects.toThrow(/model\.json/);
  });
});

describe('keywords evaluate', () => {
  it('gives the metrics of the training code on the same records, with the data digest', async () => {
    const { dir, model } = await modelDir();
    const data = tempTree({
      'eval.jsonl':
        [
          {
            id: 'a',
            lang: 'en',
            text: 'Wind farms make electricity from wind.',
            keyphrases: ['wind farms'],
          },
          {
            id: 'b',
            lang: 'de',
            text: 'Solarzellen machen Strom aus Sonnenenergie.',
            keyphrases: ['Strom'],
          },
        ]
          .map((row) => JSON.stringify(row))
          .join('\n') + '\n',
    });
    const result = await contract.evaluate(dir, 'eval.jsonl', { cwd: data });
    const records = [
      parseEvaluationRecord({
        id: 'a',
        lang: 'en',
        text: 'Wind farms make electricity from wind.',
        keyphrases: ['wind farms'],
      }),
      parseEvaluationRecord({
        id: 'b',
        lang: 'de',
        text: 'Solarzellen machen Strom aus Sonnenenergie.',
        keyphrases: ['Strom'],
      }),
    ];
    expect(result.metrics).toEqual(
      evaluationMetrics(await scoreModel(model, records, params.topN)),
    );
    expect(result.records).toBe(2);
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reports a bad line with the file and line number', async () => {
    const { dir } = await modelDir();
    const data = tempTree({
      'eval.jsonl': '{"id":"a","lang":"en","text":"x","keyphrases":["x"]}\n{oops\n',
    });
    await expect(contract.evaluate(dir, 'eval.jsonl', { cwd: data })).rejects.toThrow(
      /eval\.jsonl:2: not valid JSON/,
    );
  });
});
