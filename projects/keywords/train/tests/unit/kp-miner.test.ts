import { extractCandidates } from '../../src/model/candidates';
import { rankCandidates } from '../../src/model/kp-miner';
import { KP_MINER_ALPHA, KP_MINER_SIGMA } from '../../src/model/params';
import { stopWordsOf } from '../../src/text/stop-words';

const TEXT = 'Solar panels convert light. Solar panels are cheap.';
const candidates = () =>
  extractCandidates(TEXT, { language: 'en', stopWords: stopWordsOf('en'), ngramRange: [1, 2] });
const params = {
  cutoffPosition: 400,
  minFrequency: 1,
  alpha: KP_MINER_ALPHA,
  sigma: KP_MINER_SIGMA,
  topN: 10,
};

describe('extractCandidates', () => {
  it('counts stemmed n-grams that no stop word or punctuation interrupts', () => {
    const found = candidates();
    expect(
      Object.fromEntries([...found].map(([key, candidate]) => [key, candidate.frequency])),
    ).toEqual({
      solar: 2,
      'solar panel': 2,
      panel: 2,
      'panel convert': 1,
      convert: 1,
      'convert light': 1,
      light: 1,
      cheap: 1,
    });
    expect(found.get('solar panel')?.forms).toEqual(new Map([['solar panels', 2]]));
  });

  it('breaks phrases at bare numbers and respects the n-gram range', () => {
    const found = extractCandidates('Built in 1889 the Eiffel Tower stands', {
      language: 'en',
      stopWords: stopWordsOf('en'),
      ngramRange: [2, 3],
    });
    expect([...found.keys()].sort()).toEqual(['eiffel tower', 'eiffel tower stand', 'tower stand']);
  });
});

describe('rankCandidates (hand-checked KP-Miner weights)', () => {
  // N = 3 documents; df(solar) = 3, df(panel) = 2, df(light) = 3, every other phrase unseen (df 1).
  const statistics = {
    documents: 3,
    documentFrequency: new Map([
      ['solar', 3],
      ['panel', 2],
      ['light', 3],
    ]),
  };

  it('weights tf * idf * B and removes counts inside better phrases', () => {
    // 8 candidates, 3 multi-word: B = 8 / (3 * 2.3) = 1.15942. idf(unseen) = log2(4) = 2.
    // solar panel: 2 * 2 * 1.15942 = 4.637681; panel convert, convert light: 1 * 2 * 1.15942.
    // solar panel takes 2 off solar and panel (left 0); the bigrams take convert and light to 0.
    // cheap: 1 * 2 = 2.
    const ranked = rankCandidates(candidates(), statistics, params);
    expect(ranked).toEqual([
      { phrase: 'solar panels', key: 'solar panel', score: 4.637681 },
      { phrase: 'panels convert', key: 'panel convert', score: 2.318841 },
      { phrase: 'convert light', key: 'convert light', score: 2.318841 },
      { phrase: 'cheap', key: 'cheap', score: 2 },
    ]);
  });

  it('returns at most top n, and drops phrases first seen after the cutoff', () => {
    expect(rankCandidates(candidates(), statistics, { ...params, topN: 1 })).toHaveLength(1);
    const early = rankCandidates(candidates(), statistics, { ...params, cutoffPosition: 4 });
    expect(early.map((keyphrase) => keyphrase.key)).not.toContain('cheap');
  });
});
