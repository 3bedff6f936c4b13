import { join } from 'node:path';
import { Output, renderTable } from '@mesh/output';
import { loadLabelled } from '../data/load';
import { computeBaselines } from '../model/baselines';
import { DEFAULT_PARAMS, encode, scoreReport, splitByQuery, trainRanker } from '../model/train';

// Auxiliary task `baselines` (make projects.run/ranker TASK=baselines): the trained ranker beside
// the baselines the quality gate compares against (random order, busiest process first) on the
// shipped evaluation snapshots, with both empty-query conventions: the figures the README's
// margin is argued from.

async function main(): Promise<void> {
  const output = new Output();
  const cwd = join(__dirname, '..', '..');
  const training = await loadLabelled(['data/snapshots.jsonl.gz'], 'snapshots', { cwd });
  const evaluationData = await loadLabelled(['data/eval.jsonl.gz'], 'snapshots', { cwd });
  const { train, validation } = splitByQuery(
    training,
    DEFAULT_PARAMS.validationFraction,
    DEFAULT_PARAMS.seed,
  );
  const trained = await output.step('Training with the default settings', async () =>
    trainRanker(train, validation, DEFAULT_PARAMS),
  );
  const evaluation = encode(evaluationData, trained.model.encoding, trained.model.relevance);
  const rows = [
    { ranking: 'LambdaMART (trained)', metrics: scoreReport(trained.model, evaluation) },
    ...computeBaselines(evaluation, trained.train, 'snapshots').map((b) => ({
      ranking: b.name,
      metrics: b.metrics,
    })),
  ];
  const column = (key: string) => ({
    header: key.toUpperCase(),
    value: (row: (typeof rows)[number]) => row.metrics[key].toFixed(4),
    alignRight: true,
  });
  output.result(
    renderTable(rows, [
      { header: 'RANKING', value: (row) => row.ranking },
      ...['ndcg@1', 'ndcg@5', 'ndcg@10', 'map', 'ndcg@5_strict'].map(column),
    ]).trimEnd(),
  );
}

void main().catch((error: Error) => {
  new Output().error(error.message);
  process.exitCode = 1;
});
