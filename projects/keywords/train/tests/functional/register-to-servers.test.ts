import { join } from 'node:path';
import { describeRegisterToServers } from '@mesh/testing';
import { settingsSpec } from '../../src/settings';
import { trainPipeline } from '../../src/train-pipeline';

// keywords/train end to end against a real S3 server and a real PostgreSQL (see
// describeRegisterToServers for where the servers come from), verified as `mesh models verify` does.
describeRegisterToServers({
  component: {
    project: 'keywords',
    component: 'train',
    root: join(__dirname, '..', '..'),
    settings: settingsSpec,
    pipeline: trainPipeline,
  },
  artifacts: ['model.json'],
  minBlobs: 6,
  verifyWith: { evaluationData: 'data/eval.jsonl' },
  async check({ version }) {
    expect(version.metrics.f1).toBeGreaterThan(0.45);
  },
});
