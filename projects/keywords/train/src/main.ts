import { join } from 'node:path';
import { runComponent } from '@mesh/pipeline';
import { settingsSpec } from './settings';
import { trainPipeline } from './train-pipeline';

// Entry of keywords/train: settings -> read data -> train -> evaluate -> write the run folder.
void runComponent({
  project: 'keywords',
  component: 'train',
  root: join(__dirname, '..'),
  settings: settingsSpec,
  pipeline: trainPipeline,
}).then((code) => {
  process.exitCode = code;
});
