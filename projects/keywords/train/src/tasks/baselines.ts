import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Output, renderTable } from '@mesh/output';
import { evaluate } from '../evaluate';
import { extractCandidates, type Candidate } from '../model/candidates';
import { rankCandidates } from '../model/kp-miner';
import { KP_MINER_ALPHA, KP_MINER_SIGMA, stopWordsFor, type KeywordParams } from '../model/params';
import { trainKeywordModel } from '../model/train';
import { parseCorpusRecord, parseEvaluationRecord, type EvaluationRecord } from '../records';
import { normalizePhrase } from '../text/stem';

// Auxiliary task `baselines` (make projects.run/keywords TASK=baselines): scores the trained
// model against simpler rankings of the same candidates on the shipped data, the figures the
// README's quality floor is argued from.

const componentRoot = join(__dirname, '..', '..');
const readJsonLines = <T>(file: string, parse: (value: unknown) => T): T[] =>
  readFileSync(join(componentRoot, 'data', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => parse(JSON.parse(line)));

const params: KeywordParams = {
  ngramRange: [1, 3],
  stopWords: 'auto',
  topN: 10,
  cutoffPosition: 400,
  minFrequency: 1,
  alpha: KP_MINER_ALPHA,
  sigma: KP_MINER_SIGMA,
};

/** Macro-averaged F1@k of a ranking function over the evaluation set. */
function f1Of(
  records: EvaluationRecord[],
  rank: (candidates: Candidate[], record: EvaluationRecord) => string[],
): number {
  const scores = records.map((record) => {
    const candidates = extractCandidates(record.text, {
      language: record.lang,
      stopWords: stopWordsFor(params.stopWords, record.lang),
      ngramRange: params.ngramRange,
    });
    const top = rank([...candidates.values()], record).slice(0, params.topN);
    const gold = new Set(record.keyphrases.map((phrase) => normalizePhrase(phrase, record.lang)));
    const hits = top.filter((key) => gold.has(key)).length;
    const precision = top.length === 0 ? 0 : hits / top.length;
    const recall = hits / gold.size;
    return hits === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  });
  return scores.reduce((sum, score) => sum + score, 0) / scores.length;
}

function main(): void {
  const output = new Output();
  const corpus = readJsonLines('corpus.jsonl', parseCorpusRecord);
  const evaluation = readJsonLines('eval.jsonl', parseEvaluationRecord);
  const trained = trainKeywordModel(corpus, params);
  const noStatistics = { documents: 1, documentFrequency: new Map<string, number>() };
  const rows = [
    {
      ranking: 'first occurrence',
      f1: f1Of(evaluation, (candidates) =>
        candidates.sort((a, b) => a.firstPosition - b.firstPosition).map((c) => c.key),
      ),
    },
    {
      ranking: 'frequency alone',
      f1: f1Of(evaluation, (candidates) =>
        candidates
          .sort((a, b) => b.frequency - a.frequency || a.firstPosition - b.firstPosition)
          .map((c) => c.key),
      ),
    },
    {
      ranking: 'KP-Miner without corpus statistics',
      f1: f1Of(evaluation, (candidates) =>
        rankCandidates(new Map(candidates.map((c) => [c.key, c])), noStatistics, params).map(
          (keyphrase) => keyphrase.key,
        ),
      ),
    },
    {
      ranking: 'KP-Miner trained on the corpus',
      f1: evaluate(trained, evaluation, params.topN).overall.f1,
    },
  ];
  output.result(
    renderTable(rows, [
      { header: 'RANKING', value: (row) => row.ranking },
      { header: 'F1@10', value: (row) => row.f1.toFixed(4), alignRight: true },
    ]).trimEnd(),
  );
}

main();
