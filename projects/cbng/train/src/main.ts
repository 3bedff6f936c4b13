import { runComponent } from '@mesh/pipeline';
import { cbngComponent } from './component';
import { cbngTrainer } from './trainer/cli';
import { runEditSets } from './trainer/run-edit-sets';

/**
 * Entry of cbng/train (`make projects.start/cbng`, and the image's command). ONLY_STEP set: a
 * step job (one step of TARGET_NAME/INSTANCE_NAME; the last one registers). REVIEW_API_URL
 * set: discover the edit groups and train each (run-edit-sets). Otherwise one run on
 * TRAINING_DATA_URI and TRIAL_DATA_URI.
 */
function main(env: NodeJS.ProcessEnv): Promise<number> {
  if (env.ONLY_STEP) {
    return cbngTrainer(
      [
        'run-edit-set',
        `--target-name=${env.TARGET_NAME ?? ''}`,
        `--instance-name=${env.INSTANCE_NAME ?? ''}`,
        `--download-training=${env.TRAINING_DATA_URI ?? ''}`,
        ...(env.TRIAL_DATA_URI ? [`--download-trial=${env.TRIAL_DATA_URI}`] : []),
        `--only-step=${env.ONLY_STEP}`,
      ],
      env,
    );
  }
  return env.REVIEW_API_URL ? runEditSets() : runComponent(cbngComponent);
}

void main(process.env).then((code) => {
  process.exitCode = code;
});
