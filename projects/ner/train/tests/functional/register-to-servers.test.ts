import { join } from 'node:path';
import { describeRegisterToServers } from '@mesh/testing';
import { pipeline } from '../../src/pipeline';
import { loadPredictor } from '../../src/predict';
import { settingsSpec } from '../../src/settings';

// ner/train end to end against a real S3 server and a real PostgreSQL (see
// describeRegisterToServers for where the servers come from), verified as `mesh models verify` does.
describeRegisterToServers({
  component: {
    project: 'ner',
    component: 'train',
    root: join(__dirname, '..', '..'),
    settings: settingsSpec,
    pipeline,
  },
  artifacts: ['model.bin.gz', 'plots.json'],
  minBlobs: 6,
  verifyWith: { evaluationData: 'data/eval.conll', trainingOnlyMetrics: ['baseline_f1'] },
  async check({ version, downloaded }) {
    expect(version.metrics.f1).toBeGreaterThan(version.metrics.baseline_f1);
    // The downloaded version answers as the registered run did.
    const predictor = await loadPredictor(downloaded);
    const [answer] = await predictor.predict([{ tokens: ['Vienna', 'is', 'calm', '.'] }]);
    expect(answer).toEqual({ entities: expect.any(Array) });
  },
});
