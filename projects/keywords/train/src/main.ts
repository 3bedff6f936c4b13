import { join } from 'node:path';
import { runComponent } from '@mesh/pipeline';
import { dataUris, settingsSpec } from './settings';
import { trainPipeline } from './train-pipeline';

// Entry of keywords/train: settings -> read data -> train -> evaluate -> write the run folder.
void runComponent({
  project: 'keywords',
  component: 'train',
  root: join(__dirname, '..'),
  settings: settingsSpec,
  pipeline: trainPipeline,
  dataUris: (values) => {
    const uris = dataUris(values);
    const sample = values.USE_SAMPLE_DATA;
    return {
      [sample ? 'USE_SAMPLE_DATA (training)' : 'TRAINING_DATA_URI']: uris.training,
      [sample ? 'USE_SAMPLE_DATA (evaluation)' : 'EVAL_DATA_URI']: uris.evaluation,
      SAMPLE_INPUTS_URI: values.SAMPLE_INPUTS_URI,
    };
  },
}).then((code) => {
  process.exitCode = code;
});
