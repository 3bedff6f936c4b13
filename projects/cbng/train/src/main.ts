import { runComponent } from '@mesh/pipeline';
import { cbngComponent } from './component';
import { runEditSets } from './trainer/run-edit-sets';

// Entry of cbng/train (`make projects.start/cbng`): with REVIEW_API_URL, discover the edit groups
// and train each (run-edit-sets); without it, one run on TRAINING_DATA_URI and TRIAL_DATA_URI.
void (process.env.REVIEW_API_URL ? runEditSets() : runComponent(cbngComponent)).then((code) => {
  process.exitCode = code;
});
