import { countsAt, type Scored } from './metrics';

/** A plot contributed to the run's report: a complete Vega-Lite spec with inline data. */
export interface PlotSpec {
  name: string;
  title: string;
  spec: Record<string, unknown>;
}

/** The names of the plots {@link trialPlots} makes, in order. */
export const TRIAL_PLOT_NAMES = ['detection-vs-false-positives', 'positives-vs-threshold'] as const;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * The trial plots: detection rate against false-positive rate for FP rates 0 to 0.02 (the
 * range a vandalism bot runs in), and correct-positive and false-positive percentages against
 * the threshold.
 */
export function trialPlots(records: Scored[]): PlotSpec[] {
  const sorted = [...records].sort((a, b) => b.score - a.score);
  const positives = sorted.filter((r) => r.isVandalism).length;
  const negatives = sorted.length - positives;
  const roc: { false_positive_rate: number; detection_rate: number }[] = [
    { false_positive_rate: 0, detection_rate: 0 },
  ];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < sorted.length;) {
    const score = sorted[k].score;
    while (k < sorted.length && sorted[k].score === score) {
      if (sorted[k].isVandalism) tp++;
      else fp++;
      k++;
    }
    const rate = negatives ? fp / negatives : 0;
    if (rate > 0.02) break;
    roc.push({ false_positive_rate: rate, detection_rate: positives ? tp / positives : 0 });
  }
  const byThreshold: { threshold: number; series: string; percent: number }[] = [];
  for (let k = 0; k <= 200; k++) {
    const threshold = k / 200;
    const counts = countsAt(records, threshold);
    byThreshold.push({
      threshold,
      series: 'correct positives',
      percent: counts.detectionRate * 100,
    });
    byThreshold.push({
      threshold,
      series: 'false positives',
      percent: counts.falsePositiveRate * 100,
    });
  }
  return [
    {
      name: 'detection-vs-false-positives',
      title: 'Detection rate against false-positive rate (0 to 2%)',
      spec: {
        $schema: SCHEMA,
        data: { values: roc },
        mark: { type: 'line', interpolate: 'step-after', point: false },
        encoding: {
          x: {
            field: 'false_positive_rate',
            type: 'quantitative',
            title: 'False-positive rate',
            scale: { domain: [0, 0.02] },
            axis: { format: '.1%' },
          },
          y: {
            field: 'detection_rate',
            type: 'quantitative',
            title: 'Detection rate',
            scale: { domain: [0, 1] },
            axis: { format: '.0%' },
          },
        },
      },
    },
    {
      name: 'positives-vs-threshold',
      title: 'Correct positives and false positives (%) against threshold',
      spec: {
        $schema: SCHEMA,
        data: { values: byThreshold },
        mark: 'line',
        encoding: {
          x: { field: 'threshold', type: 'quantitative', title: 'Threshold' },
          y: { field: 'percent', type: 'quantitative', title: '% of class flagged' },
          color: { field: 'series', type: 'nominal', title: null },
        },
      },
    },
  ];
}
