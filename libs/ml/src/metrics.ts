/** Precision, recall and F1 of one class, and how many true examples it has. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Scores of a classifier's predictions against the true classes. */
export interface ClassificationReport {
  accuracy: number;
  /** Unweighted mean of the per-class F1 over the classes given. */
  macroF1: number;
  perClass: ClassScores[];
  /** `confusion[t][p]`: examples of true class t predicted as p. */
  confusion: number[][];
}

/**
 * Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix. Classes are
 * numbers in `[0, classes)`. A class never predicted has precision 0 and one never present
 * recall 0 (scikit-learn's `zero_division=0`).
 */
export function classificationReport(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): ClassificationReport {
  if (truth.length !== predicted.length)
    throw new RangeError(`${truth.length} true classes for ${predicted.length} predictions`);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    confusion[truth[i]][predicted[i]]++;
    if (truth[i] === predicted[i]) correct++;
  }
  const perClass = confusion.map((row, c) => {
    const truePositives = row[c];
    const support = row.reduce((sum, n) => sum + n, 0);
    const predictedCount = confusion.reduce((sum, other) => sum + other[c], 0);
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
  return {
    accuracy: truth.length === 0 ? 0 : correct / truth.length,
    macroF1: perClass.reduce((sum, scores) => sum + scores.f1, 0) / classes,
    perClass,
    confusion,
  };
}

/** One point of a ROC curve: the rates when every score >= threshold is called positive. */
export interface RocPoint {
  threshold: number;
  falsePositiveRate: number;
  truePositiveRate: number;
}

/** One point of a precision-recall curve. */
export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
}

/** Distinct thresholds, high to low, with the cumulative true and false positives at each. */
function cumulativeCounts(scores: ArrayLike<number>, positive: ArrayLike<boolean>) {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b] - scores[a],
  );
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    if (positive[order[k]]) tp++;
    else fp++;
    if (k === order.length - 1 || scores[order[k + 1]] !== scores[order[k]]) {
      thresholds.push(scores[order[k]]);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { thresholds, tps, fps, positives: tp, negatives: fp };
}

/** The ROC curve of scores against binary truth, from (0, 0) to (1, 1), one point per distinct score. */
export function rocCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): RocPoint[] {
  const { thresholds, tps, fps, positives, negatives } = cumulativeCounts(scores, positive);
  const points: RocPoint[] = [{ threshold: Infinity, falsePositiveRate: 0, truePositiveRate: 0 }];
  for (let k = 0; k < thresholds.length; k++) {
    points.push({
      threshold: thresholds[k],
      falsePositiveRate: negatives === 0 ? 0 : fps[k] / negatives,
      truePositiveRate: positives === 0 ? 0 : tps[k] / positives,
    });
  }
  return points;
}

/**
 * Area under the ROC curve (trapezoids between distinct thresholds, so ties count one half).
 * NaN when the truth has only one class.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const points = rocCurve(scores, positive);
  const last = points[points.length - 1];
  if (points.length < 2 || last.truePositiveRate === 0 || last.falsePositiveRate === 0) return NaN;
  let area = 0;
  for (let k = 1; k < points.length; k++) {
    area +=
      ((points[k].falsePositiveRate - points[k - 1].falsePositiveRate) *
        (points[k].truePositiveRate + points[k - 1].truePositiveRate)) /
      2;
  }
  return area;
}

/** The precision-recall curve, one point per distinct score, recall rising. */
export function precisionRecallCurve(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>,
): PrPoint[] {
  const { thresholds, tps, fps, positives } = cumulativeCounts(scores, positive);
  return thresholds.map((threshold, k) => ({
    threshold,
    precision: tps[k] / (tps[k] + fps[k]),
    recall: positives === 0 ? 0 : tps[k] / positives,
  }));
}

/** Average precision: sum over thresholds of (recall step) x precision, as scikit-learn defines it. */
export function averagePrecision(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  let previousRecall = 0;
  let sum = 0;
  for (const point of precisionRecallCurve(scores, positive)) {
    sum += (point.recall - previousRecall) * point.precision;
    previousRecall = point.recall;
  }
  return sum;
}
