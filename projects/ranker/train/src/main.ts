import { join } from 'node:path';
import { runComponent } from '@mesh/pipeline';
import { settingsSpec } from './settings';
import { trainPipeline } from './train-pipeline';

// Entry of ranker/train: settings -> collect and validate snapshots -> train -> evaluate -> export.
void runComponent({
  project: 'ranker',
  component: 'train',
  root: join(__dirname, '..'),
  settings: settingsSpec,
  pipeline: trainPipeline,
}).then((code) => {
  process.exitCode = code;
});
