import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  countsAt,
  detectionAtFalsePositiveRate,
  gridThresholdForFalsePositiveRate,
  rocAuc,
} from '../../src/trial/metrics';
import { trialPlots } from '../../src/trial/plots';
import { capTree, writeTrialReport, type TrialRecord } from '../../src/trial/trial-report';

describe('metrics', () => {
  it('computes ROC-AUC by hand, ties counting half', () => {
    // Vandal 0.9 and 0.4, legit 0.5 and 0.1: 3 of 4 pairs ordered right.
    const records = [
      { score: 0.9, isVandalism: true },
      { score: 0.4, isVandalism: true },
      { score: 0.5, isVandalism: false },
      { score: 0.1, isVandalism: false },
    ];
    expect(rocAuc(records)).toBe(0.75);
    expect(
      rocAuc([
        { score: 0.5, isVandalism: true },
        { score: 0.5, isVandalism: false },
      ]),
    ).toBe(0.5);
    expect(rocAuc([{ score: 0.5, isVandalism: true }])).toBeNaN();
  });

  it('finds the best detection within a false-positive rate', () => {
    // 100 legit at 0.00 .. 0.99; 10 vandal at 0.995, 0.985, ..., 0.905.
    const records = [
      ...Array.from({ length: 100 }, (_, k) => ({ score: k / 100, isVandalism: false })),
      ...Array.from({ length: 10 }, (_, k) => ({ score: 0.995 - k * 0.01, isVandalism: true })),
    ];
    // At <= 1% FP one legit (0.99) may be flagged; the next legit (0.98) may not, so the
    // vandals at 0.995 and 0.985 are caught: 2 of 10.
    const at1 = detectionAtFalsePositiveRate(records, 0.01);
    expect(at1.detectionRate).toBe(0.2);
    expect(at1.falsePositiveRate).toBe(0.01);
    expect(detectionAtFalsePositiveRate(records, 0).detectionRate).toBe(0.1);
    expect(countsAt(records, 0.985)).toMatchObject({ correctPositives: 2, falsePositives: 1 });
    const grid = gridThresholdForFalsePositiveRate(records, 0);
    expect(grid?.threshold).toBe(0.9901);
    expect(grid?.correctPositives).toBe(1);
  });
});

describe('writeTrialReport', () => {
  const records: TrialRecord[] = [
    {
      id: '1',
      score: 0.99,
      isVandalism: true,
      mainBayes: 0.9,
      twoBayes: 0.8,
      debug: { EditID: '1' },
    },
    {
      id: '2',
      score: 0.9,
      isVandalism: false,
      mainBayes: 0.4,
      twoBayes: 0.5,
      debug: { EditID: '2' },
    },
    {
      id: '3',
      score: 0.2,
      isVandalism: true,
      mainBayes: 0.7,
      twoBayes: 0.6,
      debug: { EditID: '3' },
    },
    {
      id: '4',
      score: 0.1,
      isVandalism: false,
      mainBayes: 0.2,
      twoBayes: 0.1,
      debug: { EditID: '4' },
    },
  ];
  const folder = mkdtempSync(join(tmpdir(), 'cbng-trial-'));
  const metrics = writeTrialReport(folder, records, {
    reportThreshold: 0.85,
    maxFalsePositiveRate: 0.0001,
    searchStep: 0.0001,
    tableStep: 0.0005,
  });
  const read = (name: string) => readFileSync(join(folder, name), 'utf8');

  it('writes report.txt in the original shape', () => {
    const report = read('report.txt').split('\n');
    expect(report[0]).toBe('Trial set: 4 Edits – 2 vandalism, 2 legit (50.00% vandalism)');
    expect(report[1]).toBe(
      'Threshold 0.85: correct positives 1 (50.00% of vandalism), false positives 1 (50.00% of legit)',
    );
    expect(report[2]).toMatch(/^Threshold 0\.9001 \(false-positive rate <= 0\.01%/);
    expect(metrics.roc_auc).toBe(0.75);
  });

  it('writes the threshold table, false positives and negatives, details and debug.xml', () => {
    const table = read('thresholdtable.txt').trim().split('\n');
    expect(table[0]).toBe('# Threshold Correct_Positives False_Positives');
    expect(table).toHaveLength(2002);
    expect(table[1 + 1800]).toBe('0.9000 50.0000 50.0000');
    expect(read('falsepositives.txt')).toBe('0.9 2\n');
    expect(read('falsenegatives.txt')).toBe('0.2 3\n');
    expect(read('details.txt').split('\n')[0]).toBe('1 true 0.99 0.9 0.99');
    expect(read('debug.xml')).toContain('<WPEdit><EditID>1</EditID><score>0.99</score>');
  });

  it('caps debug values at 100 characters', () => {
    expect(capTree({ a: 'x'.repeat(300), b: { c: 'y'.repeat(101) } })).toEqual({
      a: 'x'.repeat(100),
      b: { c: 'y'.repeat(100) },
    });
  });

  it('makes complete Vega-Lite specs with inline data', () => {
    const plots = trialPlots(records);
    expect(plots.map((plot) => plot.name)).toEqual([
      'detection-vs-false-positives',
      'positives-vs-threshold',
    ]);
    for (const plot of plots) {
      expect(plot.spec.$schema).toMatch(/vega-lite\/v5/);
      expect((plot.spec.data as { values: unknown[] }).values.length).toBeGreaterThan(0);
    }
  });
});
