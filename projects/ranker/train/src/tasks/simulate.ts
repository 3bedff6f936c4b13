import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Output } from '@mesh/output';
import { simulateSnapshots } from '../simulator';

// Auxiliary task `simulate` (make projects.run/ranker TASK=simulate): regenerates the shipped data
// from the simulator: data/snapshots.jsonl.gz (training, seed 1) and data/eval.jsonl.gz
// (evaluation, seed 2, later snapshot ids). Same seeds, same bytes.
const output = new Output();
const data = join(__dirname, '..', '..', 'data');
const write = (file: string, snapshots: Array<Record<string, unknown>>) => {
  const text = snapshots.map((snapshot) => JSON.stringify(snapshot)).join('\n') + '\n';
  writeFileSync(join(data, file), gzipSync(text, { level: 9 }));
  output.info(`${file}: ${snapshots.length} snapshots`);
};
write('snapshots.jsonl.gz', simulateSnapshots({ snapshots: 200, seed: 1 }));
write(
  'eval.jsonl.gz',
  simulateSnapshots({ snapshots: 60, seed: 2, firstId: 100001, start: '2025-01-07T09:00:00Z' }),
);
