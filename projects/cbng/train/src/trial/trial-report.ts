import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { XmlTree } from '../edit-set/wp-edit';
import { escapeXml } from '../edit-set/write-edit-set';
import {
  countsAt,
  detectionAtFalsePositiveRate,
  gridThresholdForFalsePositiveRate,
  rocAuc,
  type Scored,
  type ThresholdCounts,
} from './metrics';

/** One scored trial edit, with its fields capped for debug.xml. */
export interface TrialRecord extends Scored {
  id: string;
  mainBayes: number;
  twoBayes: number;
  /** The edit's elements, every value capped at 100 characters. */
  debug: XmlTree;
}

/** Thresholds of the trial report. */
export interface TrialOptions {
  /** The fixed threshold reported, as the original report did. Default: 0.85. */
  reportThreshold: number;
  /** The threshold searched for keeps the false-positive rate at or below this. Default: 0.0001 (0.01%). */
  maxFalsePositiveRate: number;
  /** Step of the threshold search. Default: 0.0001. */
  searchStep: number;
  /** Step of thresholdtable.txt. Default: 0.0005. */
  tableStep: number;
}

/** The trial's headline figures, stored as the version's metrics. */
export interface TrialMetrics {
  edits: number;
  vandalism: number;
  legit: number;
  roc_auc: number;
  detection_at_1pct_fp: number;
  detection_at_0_1pct_fp: number;
  threshold_at_1pct_fp: number;
  threshold_at_0_1pct_fp: number;
  detection_at_report_threshold: number;
  false_positive_rate_at_report_threshold: number;
  /** Share of edits whose score is exactly the top score (ties that no threshold can split). */
  top_score_tie_share: number;
}

/** Caps every value of an edit's tree at `limit` characters. */
export function capTree(tree: XmlTree, limit = 100): XmlTree {
  const capped: XmlTree = {};
  for (const [name, value] of Object.entries(tree))
    capped[name] = typeof value === 'object' ? capTree(value, limit) : value.slice(0, limit);
  return capped;
}

/** Computes the trial metrics. */
export function trialMetrics(records: TrialRecord[], options: TrialOptions): TrialMetrics {
  const vandalism = records.filter((record) => record.isVandalism).length;
  const at1 = detectionAtFalsePositiveRate(records, 0.01);
  const at01 = detectionAtFalsePositiveRate(records, 0.001);
  const fixed = countsAt(records, options.reportThreshold);
  const top = Math.max(...records.map((record) => record.score));
  return {
    edits: records.length,
    vandalism,
    legit: records.length - vandalism,
    roc_auc: rocAuc(records),
    detection_at_1pct_fp: at1.detectionRate,
    detection_at_0_1pct_fp: at01.detectionRate,
    threshold_at_1pct_fp: Number.isFinite(at1.threshold) ? at1.threshold : 1,
    threshold_at_0_1pct_fp: Number.isFinite(at01.threshold) ? at01.threshold : 1,
    detection_at_report_threshold: fixed.detectionRate,
    false_positive_rate_at_report_threshold: fixed.falsePositiveRate,
    top_score_tie_share: records.filter((record) => record.score === top).length / records.length,
  };
}

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

function describeCounts(counts: ThresholdCounts): string {
  return (
    `correct positives ${counts.correctPositives} (${percent(counts.detectionRate)} of vandalism), ` +
    `false positives ${counts.falsePositives} (${percent(counts.falsePositiveRate)} of legit)`
  );
}

/**
 * Writes the trial report into `folder`: report.txt, thresholdtable.txt, falsepositives.txt,
 * falsenegatives.txt (`score id`, at the report threshold), details.txt and debug.xml.
 * Returns the metrics.
 */
export function writeTrialReport(
  folder: string,
  records: TrialRecord[],
  options: TrialOptions,
): TrialMetrics {
  if (records.length === 0) throw new Error('the trial set has no edits');
  mkdirSync(folder, { recursive: true });
  const metrics = trialMetrics(records, options);
  const fixed = countsAt(records, options.reportThreshold);
  const searched = gridThresholdForFalsePositiveRate(
    records,
    options.maxFalsePositiveRate,
    options.searchStep,
  );
  const at1 = detectionAtFalsePositiveRate(records, 0.01);
  const at01 = detectionAtFalsePositiveRate(records, 0.001);
  const report = [
    `Trial set: ${metrics.edits} Edits – ${metrics.vandalism} vandalism, ${metrics.legit} legit (${percent(metrics.vandalism / metrics.edits)} vandalism)`,
    `Threshold ${options.reportThreshold}: ${describeCounts(fixed)}`,
    searched
      ? `Threshold ${searched.threshold.toFixed(4)} (false-positive rate <= ${percent(options.maxFalsePositiveRate)}, searched in steps of ${options.searchStep}): ${describeCounts(searched)}`
      : `No threshold up to 1 keeps the false-positive rate <= ${percent(options.maxFalsePositiveRate)}`,
    `ROC-AUC: ${metrics.roc_auc.toFixed(4)}`,
    `Detection at <= 1% false positives: ${percent(at1.detectionRate)} (threshold ${at1.threshold})`,
    `Detection at <= 0.1% false positives: ${percent(at01.detectionRate)} (threshold ${at01.threshold})`,
    `Edits tied at the top score: ${percent(metrics.top_score_tie_share)}`,
  ];
  writeFileSync(join(folder, 'report.txt'), report.join('\n') + '\n');
  writeFileSync(join(folder, 'thresholdtable.txt'), thresholdTable(records, options.tableStep));
  const byScore = [...records].sort((a, b) => b.score - a.score);
  const line = (record: TrialRecord) => `${record.score} ${record.id}`;
  writeFileSync(
    join(folder, 'falsepositives.txt'),
    lines(byScore.filter((r) => !r.isVandalism && r.score >= options.reportThreshold).map(line)),
  );
  writeFileSync(
    join(folder, 'falsenegatives.txt'),
    lines(byScore.filter((r) => r.isVandalism && r.score < options.reportThreshold).map(line)),
  );
  writeFileSync(
    join(folder, 'details.txt'),
    lines(
      records.map(
        (r) => `${r.id} ${r.isVandalism ? 'true' : 'false'} ${r.score} ${r.mainBayes} ${r.score}`,
      ),
    ),
  );
  writeFileSync(join(folder, 'debug.xml'), debugXml(records));
  return metrics;
}

function lines(items: string[]): string {
  return items.length > 0 ? items.join('\n') + '\n' : '';
}

/** `# Threshold Correct_Positives False_Positives`, both as percentages, every `step`. */
export function thresholdTable(records: TrialRecord[], step: number): string {
  const rows = ['# Threshold Correct_Positives False_Positives'];
  const steps = Math.round(1 / step);
  for (let k = 0; k <= steps; k++) {
    const counts = countsAt(records, Number((k * step).toFixed(6)));
    rows.push(
      `${(k * step).toFixed(4)} ${(counts.detectionRate * 100).toFixed(4)} ${(counts.falsePositiveRate * 100).toFixed(4)}`,
    );
  }
  return rows.join('\n') + '\n';
}

function treeXml(tree: XmlTree): string {
  return Object.entries(tree)
    .map(([name, value]) =>
      typeof value === 'object'
        ? `<${name}>${treeXml(value)}</${name}>`
        : `<${name}>${escapeXml(value)}</${name}>`,
    )
    .join('');
}

function debugXml(records: TrialRecord[]): string {
  const edits = records.map(
    (r) =>
      `<WPEdit>${treeXml(r.debug)}<score>${r.score}</score><main_bayes_score>${r.mainBayes}</main_bayes_score><two_bayes_score>${r.twoBayes}</two_bayes_score></WPEdit>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<WPEditSet>\n${edits.join('\n')}\n</WPEditSet>\n`;
}
