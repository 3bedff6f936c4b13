import {
  averagePrecision,
  classificationReport,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
} from '@mesh/ml';

describe('classificationReport', () => {
  // truth:     0 0 0 1 1 2
  // predicted: 0 1 0 1 2 2
  const report = classificationReport([0, 0, 0, 1, 1, 2], [0, 1, 0, 1, 2, 2], 3);

  it('counts the confusion matrix as [true][predicted]', () => {
    expect(report.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('computes accuracy, per-class scores and macro-F1 by hand', () => {
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    // class 0: P 2/2, R 2/3, F1 0.8; class 1: P 1/2, R 1/2, F1 0.5; class 2: P 1/2, R 1, F1 2/3
    expect(report.perClass[0]).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(report.perClass[1].f1).toBeCloseTo(0.5, 12);
    expect(report.perClass[2].f1).toBeCloseTo(2 / 3, 12);
    expect(report.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
  });

  it('gives a class that is never predicted precision 0', () => {
    const scores = classificationReport([0, 1], [0, 0], 2);
    expect(scores.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });
});

describe('ROC and precision-recall', () => {
  // scores 0.9(+) 0.8(-) 0.7(+) 0.6(-): pairs ranked right 3 of 4 -> AUC 0.75
  const scores = [0.9, 0.8, 0.7, 0.6];
  const positive = [true, false, true, false];

  it('computes the ROC curve and its area', () => {
    expect(
      rocCurve(scores, positive).map((p) => [p.falsePositiveRate, p.truePositiveRate]),
    ).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
    expect(rocAuc(scores, positive)).toBeCloseTo(0.75, 12);
  });

  it('counts tied scores as one half', () => {
    expect(rocAuc([0.5, 0.5], [true, false])).toBeCloseTo(0.5, 12);
    expect(rocAuc([0.2, 0.9, 0.5], [false, true, true])).toBe(1);
  });

  it('is NaN when only one class is present', () => {
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNaN();
  });

  it('computes the precision-recall curve and average precision', () => {
    expect(precisionRecallCurve(scores, positive).map((p) => [p.recall, p.precision])).toEqual([
      [0.5, 1],
      [0.5, 0.5],
      [1, 2 / 3],
      [1, 0.5],
    ]);
    // AP = 0.5 * 1 + 0.5 * 2/3
    expect(averagePrecision(scores, positive)).toBeCloseTo(0.5 + 1 / 3, 12);
  });
});
