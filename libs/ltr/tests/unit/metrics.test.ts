import {
  averagePrecisionOfGroup,
  gain,
  discount,
  meanNdcg,
  ndcgOfGroup,
  rankingReport,
} from '../../src';

describe('ranking metrics, against hand-computed values', () => {
  it('uses exponential gains and log2 discounts', () => {
    expect(gain(0)).toBe(0);
    expect(gain(3)).toBe(7);
    expect(discount(0)).toBe(1);
    expect(discount(1)).toBeCloseTo(0.6309298, 6);
  });

  it('computes NDCG@k of one query', () => {
    const labels = [0, 1, 2];
    const scores = [3, 2, 1];
    // DCG = 0 + 1/log2(3) + 3/2 = 2.1309298; ideal = 3 + 1/log2(3) = 3.6309298.
    expect(ndcgOfGroup(labels, scores, 0, 3, 10)).toBeCloseTo(2.1309298 / 3.6309298, 6);
    expect(ndcgOfGroup(labels, scores, 0, 3, 1)).toBe(0);
    expect(ndcgOfGroup(labels, [1, 2, 3], 0, 3, 10)).toBeCloseTo(1, 12);
  });

  it('scores a query without relevant documents 1 by default and 0 under the strict convention', () => {
    const labels = [0, 0, 2, 1];
    const scores = [1, 2, 1, 2];
    const offsets = [0, 2, 4];
    // Query 2: order doc3 (1), doc2 (2): DCG = 1 + 3/log2(3); ideal = 3 + 1/log2(3).
    const second = (1 + 3 * 0.6309298) / (3 + 0.6309298);
    expect(meanNdcg(labels, scores, offsets, 10)).toBeCloseTo((1 + second) / 2, 6);
    expect(meanNdcg(labels, scores, offsets, 10, 'zero')).toBeCloseTo(second / 2, 6);
    const report = rankingReport(labels, scores, offsets);
    expect(report.queries_without_relevant).toBe(1);
    expect(report['ndcg@10_strict']).toBeCloseTo(second / 2, 6);
  });

  it('computes average precision with relevance > 0 as relevant', () => {
    expect(averagePrecisionOfGroup([1, 0, 1], [3, 2, 1], 0, 3)).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(averagePrecisionOfGroup([0, 0], [1, 2], 0, 2)).toBe(1);
    expect(averagePrecisionOfGroup([0, 0], [1, 2], 0, 2, 'zero')).toBe(0);
  });
});
