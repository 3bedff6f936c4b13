import { lambdaGradients } from '../../src';

describe('LambdaRank gradients', () => {
  it('weights a pair by its NDCG delta (hand-computed for two documents)', () => {
    const grad = new Float64Array(2);
    const hess = new Float64Array(2);
    lambdaGradients([1, 0], [0, 0], [0, 2], grad, hess);
    // |dNDCG| = (1 - 0) * (1 - 1/log2(3)) / 1 = 0.3690702; rho = 0.5.
    expect(grad[0]).toBeCloseTo(-0.5 * 0.3690702, 6);
    expect(grad[1]).toBeCloseTo(0.5 * 0.3690702, 6);
    expect(hess[0]).toBeCloseTo(0.25 * 0.3690702, 6);
    expect(hess[1]).toBeCloseTo(0.25 * 0.3690702, 6);
  });

  it('pushes a wrongly ordered relevant document harder than a correctly ordered one', () => {
    const wrong = new Float64Array(2);
    const right = new Float64Array(2);
    const hess = new Float64Array(2);
    lambdaGradients([1, 0], [-1, 1], [0, 2], wrong, hess);
    lambdaGradients([1, 0], [1, -1], [0, 2], right, hess);
    // rho = 1/(1+e^-2) when wrong, 1/(1+e^2) when right.
    expect(wrong[0]).toBeCloseTo(-0.3690702 / (1 + Math.exp(-2)), 6);
    expect(right[0]).toBeCloseTo(-0.3690702 / (1 + Math.exp(2)), 6);
  });

  it('gives nothing to queries whose labels are all equal, and keeps queries apart', () => {
    const grad = new Float64Array(4);
    const hess = new Float64Array(4);
    lambdaGradients([2, 2, 0, 1], [0, 1, 0, 0], [0, 2, 4], grad, hess);
    expect([grad[0], grad[1], hess[0], hess[1]]).toEqual([0, 0, 0, 0]);
    expect(grad[3]).toBeLessThan(0);
    expect(grad[2] + grad[3]).toBeCloseTo(0, 12);
  });
});
