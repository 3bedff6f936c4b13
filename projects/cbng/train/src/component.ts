import { join } from 'node:path';
import type { ComponentDefinition } from '@mesh/pipeline';
import { pipeline } from './pipeline';
import { settingsSpec } from './settings';

/** cbng/train as a mesh component: one run of the trainer's steps, registered as CBNG-TRAINED-n. */
export const cbngComponent: ComponentDefinition<typeof settingsSpec> = {
  project: 'cbng',
  component: 'train',
  root: join(__dirname, '..'),
  settings: settingsSpec,
  pipeline,
};
