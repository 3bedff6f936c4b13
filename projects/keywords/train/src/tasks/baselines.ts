import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Output, renderTable } from '@mesh/output';
import { computeBaselines } from '../baselines';
import { evaluate } from '../evaluate';
import { fitKeywordModel } from '../model/fit';
import { KP_MINER_DEFAULTS, type KeywordParams } from '../model/params';
import { parseCorpusRecord, parseEvaluationRecord } from '../records';

// Auxiliary task `baselines` (make projects.run/keywords TASK=baselines): scores the model
// trained on the shipped data against the baselines the quality gate computes, on the shipped
// evaluation set. TRAINING_DATA and EVAL_DATA (paths) point it at other files.

const componentRoot = join(__dirname, '..', '..');
const readJsonLines = <T>(path: string, parse: (value: unknown) => T): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => parse(JSON.parse(line)));

const params: KeywordParams = KP_MINER_DEFAULTS;

async function main(): Promise<void> {
  const output = new Output();
  const corpus = readJsonLines(
    process.env.TRAINING_DATA ?? join(componentRoot, 'data', 'corpus.jsonl'),
    parseCorpusRecord,
  );
  const evaluation = readJsonLines(
    process.env.EVAL_DATA ?? join(componentRoot, 'data', 'eval.jsonl'),
    parseEvaluationRecord,
  );
  const rows: Array<{ ranking: string; f1: number }> = [];
  for (const candidates of ['ngrams', 'noun-phrases'] as const) {
    const { model } = await fitKeywordModel(corpus, {
      params: { ...params, candidates },
      tune: true,
      validationFraction: 0.2,
      seed: 1,
    });
    rows.push({
      ranking: `${model.method} (${candidates})`,
      f1: (await evaluate(model, evaluation, params.topN)).overall.f1,
    });
    if (candidates === 'ngrams')
      for (const baseline of await computeBaselines(model, evaluation))
        rows.unshift({ ranking: baseline.name, f1: baseline.f1 });
  }
  output.result(
    renderTable(rows, [
      { header: 'RANKING', value: (row) => row.ranking },
      { header: 'F1@10', value: (row) => row.f1.toFixed(4), alignRight: true },
    ]).trimEnd(),
  );
}

void main();
