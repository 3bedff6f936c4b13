import { rocAuc as mlRocAuc } from '@mesh/ml';

/** A scored, labelled edit. */
export interface Scored {
  score: number;
  isVandalism: boolean;
}

/**
 * Area under the ROC curve of scored edits (vandalism the positive class), by @mesh/ml's
 * `rocAuc`: ties count half; NaN without both classes.
 */
export function rocAuc(records: Scored[]): number {
  return mlRocAuc(
    records.map((record) => record.score),
    records.map((record) => record.isVandalism),
  );
}

/** Counts flagged at a threshold (an edit is flagged when its score is >= the threshold). */
export interface ThresholdCounts {
  threshold: number;
  correctPositives: number;
  falsePositives: number;
  /** Correct positives / vandal edits. */
  detectionRate: number;
  /** False positives / legit edits. */
  falsePositiveRate: number;
}

export function countsAt(records: Scored[], threshold: number): ThresholdCounts {
  let correctPositives = 0;
  let falsePositives = 0;
  let positives = 0;
  for (const record of records) {
    if (record.isVandalism) positives++;
    if (record.score < threshold) continue;
    if (record.isVandalism) correctPositives++;
    else falsePositives++;
  }
  const negatives = records.length - positives;
  return {
    threshold,
    correctPositives,
    falsePositives,
    detectionRate: positives ? correctPositives / positives : 0,
    falsePositiveRate: negatives ? falsePositives / negatives : 0,
  };
}

/**
 * The best detection rate with a false-positive rate at or below `maxFalsePositiveRate`, over
 * every distinct score as the threshold; with the lowest such threshold.
 */
export function detectionAtFalsePositiveRate(
  records: Scored[],
  maxFalsePositiveRate: number,
): { detectionRate: number; threshold: number; falsePositiveRate: number } {
  const sorted = [...records].sort((a, b) => b.score - a.score);
  const positives = sorted.filter((record) => record.isVandalism).length;
  const negatives = sorted.length - positives;
  let best = { detectionRate: 0, threshold: Infinity, falsePositiveRate: 0 };
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < sorted.length;) {
    const score = sorted[k].score;
    while (k < sorted.length && sorted[k].score === score) {
      if (sorted[k].isVandalism) tp++;
      else fp++;
      k++;
    }
    const fpr = negatives ? fp / negatives : 0;
    if (fpr > maxFalsePositiveRate) break;
    best = {
      detectionRate: positives ? tp / positives : 0,
      threshold: score,
      falsePositiveRate: fpr,
    };
  }
  return best;
}

/**
 * The lowest threshold on a grid of `step` (from 0 up) whose false-positive rate is at or below
 * `maxFalsePositiveRate`, as the original report searched it; null when even 1 is too many.
 */
export function gridThresholdForFalsePositiveRate(
  records: Scored[],
  maxFalsePositiveRate: number,
  step = 0.0001,
): ThresholdCounts | null {
  const steps = Math.round(1 / step);
  const at = (k: number) => Number((k * step).toFixed(6));
  // Binary search: the false-positive rate falls as the threshold rises.
  let low = 0;
  let high = steps;
  if (countsAt(records, 1).falsePositiveRate > maxFalsePositiveRate) return null;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (countsAt(records, at(middle)).falsePositiveRate <= maxFalsePositiveRate) high = middle;
    else low = middle + 1;
  }
  return countsAt(records, at(low));
}
