import { join } from 'node:path';
import { runComponent } from '@mesh/pipeline';
import { trainPipeline } from './train-pipeline';
import { settingsSpec } from './settings';

void runComponent({
  project: 'sentiment',
  component: 'train',
  root: join(__dirname, '..'),
  settings: settingsSpec,
  pipeline: trainPipeline,
}).then((code) => {
  process.exitCode = code;
});
