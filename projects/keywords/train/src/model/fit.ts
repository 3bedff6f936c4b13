import { SeededRandom } from '@mesh/ml';
import { yieldToInterrupts } from '@mesh/pipeline';
import { evaluate, evaluateRanking, scoreAtK } from '../evaluate';
import type { EvaluationRecord } from '../records';
import { extractCandidates, type Candidate } from './candidates';
import type { KeywordModel } from './keyword-model';
import { rankCandidates } from './kp-miner';
import { stopWordsFor, type KeywordParams } from './params';
import { rankerScore, type RankerFile } from './ranker';
import {
  assembleModel,
  collectRankerRows,
  learnKeyphraseness,
  learnStatistics,
  trainRanker,
  YIELD_EVERY,
  type RankerRows,
  type TrainingDocument,
} from './train';

/** The grid candidate settings are chosen from (with the configured values added). */
export const TUNING_GRID = {
  ngramRanges: [
    [1, 2],
    [1, 3],
    [1, 4],
  ] as Array<readonly [number, number]>,
  cutoffPositions: [200, 400, 1000],
  minFrequencies: [1, 2, 3],
} as const;

/** Inverse regularisation strengths the ranker is fitted with on the validation split. */
export const C_GRID = [0.1, 1, 10];

/** How a training run is fitted. */
export interface FitOptions {
  /** The configured params: used as given when there is nothing to tune on. */
  params: KeywordParams;
  /** Choose n-gram range, cutoff and minimum frequency on validation data. */
  tune: boolean;
  /** Labelled validation documents (VALIDATION_DATA_URI); absent: a split of the labelled training documents. */
  validation?: readonly EvaluationRecord[];
  /** Share of the labelled training documents held out when `validation` is absent. */
  validationFraction: number;
  seed: number;
  signal?: AbortSignal;
  /** Reports progress of each stage. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** One tried setting and its F1@k on the validation documents. */
export interface GridPoint {
  ngramRange: readonly [number, number];
  cutoffPosition: number;
  minFrequency: number;
  f1: number;
}

/** What was chosen, on what, and the scores that chose it: recorded in the model card. */
export interface Selection {
  method: 'supervised' | 'kp-miner';
  reason: string;
  validation: { source: 'VALIDATION_DATA_URI' | 'split' | 'none'; documents: number };
  labelledTrainingDocuments: number;
  grid: GridPoint[];
  ranker: Array<{ C: number; f1: number }>;
  kpMinerValidationF1: number | null;
  supervisedValidationF1: number | null;
}

/**
 * Trains keywords: corpus statistics from every training document; when validation data exists
 * (VALIDATION_DATA_URI, or a seeded split of the training documents that carry `keyphrases`),
 * the candidate settings are chosen on it from {@link TUNING_GRID} by KP-Miner's F1@k; when the
 * training documents carry gold keyphrases, a ranker is fitted for each C of {@link C_GRID}, and
 * the best is kept if it beats KP-Miner on the validation documents (refitted on every labelled
 * document when they were a split). Without gold keyphrases the model is KP-Miner.
 */
export async function fitKeywordModel(
  documents: readonly TrainingDocument[],
  options: FitOptions,
): Promise<{ model: KeywordModel; selection: Selection }> {
  const { signal } = options;
  const labelled = documents.filter((document) => document.keyphrases !== undefined);
  let validation: readonly TrainingDocument[] = options.validation ?? [];
  let rankerTraining = labelled;
  let source: Selection['validation']['source'] = options.validation
    ? 'VALIDATION_DATA_URI'
    : 'none';
  if (!options.validation && labelled.length >= 10) {
    const order = new SeededRandom(options.seed).shuffle(labelled.map((_, i) => i));
    const held = new Set(
      order.slice(0, Math.max(1, Math.round(labelled.length * options.validationFraction))),
    );
    validation = labelled.filter((_, i) => held.has(i));
    rankerTraining = labelled.filter((_, i) => !held.has(i));
    source = 'split';
  }
  const validationRecords = validation as readonly EvaluationRecord[];
  const tuning = options.tune && validation.length > 0;

  const ranges = tuning
    ? uniqueRanges([options.params.ngramRange, ...TUNING_GRID.ngramRanges])
    : [options.params.ngramRange];
  const maxWords = Math.max(...ranges.map((range) => range[1]));
  const statistics = await learnStatistics(documents, options.params, maxWords, {
    signal,
    onProgress: (done, total) => options.onProgress?.('statistics', done, total),
  });

  // Candidate settings by KP-Miner's F1 on the validation documents; candidates are extracted
  // once per n-gram range, then filtered for each cutoff and minimum frequency.
  let params = options.params;
  const grid: GridPoint[] = [];
  if (tuning) {
    const base = assembleModel(params, statistics);
    for (const ngramRange of ranges) {
      const candidates: Array<Map<string, Candidate>> = [];
      for (const [index, record] of validationRecords.entries()) {
        if (signal && index % YIELD_EVERY === 0) await yieldToInterrupts(signal);
        candidates.push(
          extractCandidates(record.text, {
            language: record.lang,
            stopWords: stopWordsFor(params.stopWords, record.lang),
            ngramRange,
            mode: params.candidates,
          }),
        );
      }
      for (const cutoffPosition of unique([params.cutoffPosition, ...TUNING_GRID.cutoffPositions]))
        for (const minFrequency of unique([params.minFrequency, ...TUNING_GRID.minFrequencies])) {
          const tried = { ...params, ngramRange, cutoffPosition, minFrequency };
          const byRecord = new Map(validationRecords.map((record, i) => [record, candidates[i]]));
          const scores = await evaluateRanking(validationRecords, params.topN, (record) =>
            rankCandidates(byRecord.get(record)!, base.statisticsOf(record.lang), tried).map(
              (keyphrase) => keyphrase.key,
            ),
          );
          grid.push({ ngramRange, cutoffPosition, minFrequency, f1: scores.overall.f1 });
        }
    }
    // The first best point wins, and the configured values come first.
    const best = grid.reduce((a, b) => (b.f1 > a.f1 ? b : a));
    params = {
      ...params,
      ngramRange: best.ngramRange,
      cutoffPosition: best.cutoffPosition,
      minFrequency: best.minFrequency,
    };
  }

  const kpMiner = assembleModel(params, statistics);
  const selection: Selection = {
    method: 'kp-miner',
    reason: 'the training documents carry no gold keyphrases',
    validation: { source, documents: validation.length },
    labelledTrainingDocuments: labelled.length,
    grid,
    ranker: [],
    kpMinerValidationF1: null,
    supervisedValidationF1: null,
  };
  if (validation.length > 0)
    selection.kpMinerValidationF1 = (
      await evaluate(kpMiner, validationRecords, params.topN, undefined, signal)
    ).overall.f1;
  if (rankerTraining.length === 0) return { model: kpMiner, selection };

  // The ranker: C chosen on the validation documents, keyphraseness from the training part only.
  // Feature rows do not depend on C: they are collected once.
  const selecting = assembleModel(params, statistics, learnKeyphraseness(rankerTraining));
  const progress = (stage: string) => (done: number, total: number) =>
    options.onProgress?.(stage, done, total);
  let C = 1;
  if (validation.length > 0) {
    const trainingRows = await collectRankerRows(selecting, rankerTraining, true, {
      signal,
      onProgress: progress('ranker features'),
    });
    const validationRows = await collectRankerRows(selecting, validation, false, {
      signal,
      onProgress: progress('validation features'),
    });
    for (const candidateC of C_GRID) {
      if (signal) await yieldToInterrupts(signal);
      const ranker = trainRanker(trainingRows, candidateC);
      selection.ranker.push({ C: candidateC, f1: rowsF1(ranker, validationRows, params.topN) });
    }
    const best = selection.ranker.reduce((a, b) => (b.f1 > a.f1 ? b : a));
    C = best.C;
    selection.supervisedValidationF1 = best.f1;
    if (best.f1 < selection.kpMinerValidationF1!) {
      selection.reason = `the supervised ranker scored F1@${params.topN} ${best.f1.toFixed(4)} on the validation documents, below KP-Miner's ${selection.kpMinerValidationF1!.toFixed(4)}`;
      return { model: kpMiner, selection };
    }
    if (source !== 'split')
      return finish(selecting.with(params, trainRanker(trainingRows, C)), selection, params, C);
  }

  // Refit on every labelled document (the validation split included) with the chosen C.
  const full = assembleModel(params, statistics, learnKeyphraseness(labelled));
  const rows = await collectRankerRows(full, labelled, true, {
    signal,
    onProgress: progress('ranker features'),
  });
  return finish(full.with(params, trainRanker(rows, C)), selection, params, C);
}

function finish(
  model: KeywordModel,
  selection: Selection,
  params: KeywordParams,
  C: number,
): { model: KeywordModel; selection: Selection } {
  selection.method = 'supervised';
  selection.reason =
    selection.supervisedValidationF1 !== null
      ? `the supervised ranker (C=${C}) scored F1@${params.topN} ${selection.supervisedValidationF1!.toFixed(4)} on the validation documents, KP-Miner ${selection.kpMinerValidationF1!.toFixed(4)}`
      : `the training documents carry gold keyphrases (C=${C}; no validation documents to choose it on)`;
  return { model, selection };
}

/** Macro strict F1@k of a ranker on collected rows. */
function rowsF1(ranker: RankerFile, rows: RankerRows, k: number): number {
  let sum = 0;
  for (const document of rows.documents) {
    const scored = document.keys.map((key, i) => ({
      key,
      score: rankerScore(ranker, rows.rows[document.start + i]),
    }));
    scored.sort((a, b) => b.score - a.score);
    sum += scoreAtK(
      scored.map((s) => s.key),
      document.gold,
      k,
    ).f1;
  }
  return rows.documents.length === 0 ? 0 : sum / rows.documents.length;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function uniqueRanges(ranges: Array<readonly [number, number]>): Array<readonly [number, number]> {
  const seen = new Map(ranges.map((range) => [range.join(','), range]));
  return [...seen.values()];
}
