import { join } from 'node:path';
import { runComponent } from '@mesh/pipeline';
import { pipeline } from './pipeline';
import { settingsSpec } from './settings';

void runComponent({
  project: 'ranker',
  component: 'train',
  root: join(__dirname, '..'),
  settings: settingsSpec,
  pipeline,
}).then((code) => {
  process.exitCode = code;
});
