import { join } from 'node:path';
import { describeRegisterToServers } from '@mesh/testing';
import { loadPredictor } from '../../src/predict';
import { settingsSpec } from '../../src/settings';
import { trainPipeline } from '../../src/train-pipeline';

// sentiment/train end to end against a real S3 server and a real PostgreSQL (see
// describeRegisterToServers for where the servers come from), verified as `mesh models verify` does.
describeRegisterToServers({
  component: {
    project: 'sentiment',
    component: 'train',
    root: join(__dirname, '..', '..'),
    settings: settingsSpec,
    pipeline: trainPipeline,
  },
  artifacts: ['model.json', 'plots.json', 'model_card.json'],
  minBlobs: 6,
  verifyWith: { evaluationData: 'data/eval.jsonl' },
  async check({ version, downloaded }) {
    expect(version.metrics.macro_f1).toBeGreaterThan(0.8);
    // The downloaded version answers like the trained one.
    const predictor = await loadPredictor(downloaded);
    const [prediction] = await predictor.predict([{ text: 'The laptop broke after two days.' }]);
    expect(prediction.label).toBe('negative');
  },
});
