import { writeFileSync } from 'node:fs';
import { readJsonLines } from '@mesh/data';
import type { RunContext, RunSummary } from '@mesh/pipeline';
import { accuracy, parseExample, trainMajorityClassifier } from './majority-classifier';
import { dataUris, type settingsSpec } from './settings';

/** read data -> train -> evaluate -> write the model into the run folder. */
export async function pipeline({
  values,
  output,
  run,
  componentRoot,
}: RunContext<typeof settingsSpec>): Promise<RunSummary> {
  const read = (uri: string) => readJsonLines(uri, { cwd: componentRoot, validate: parseExample });
  const uris = dataUris(values);
  const training = await output.step('Reading training data', () => read(uris.training));
  const model = await output.step('Training', () => trainMajorityClassifier(training.records));
  const evaluation = await output.step('Reading evaluation data', () => read(uris.evaluation));
  const score = accuracy(model, evaluation.records);
  if (score < values.MIN_ACCURACY)
    throw new Error(`accuracy ${score} is below MIN_ACCURACY=${values.MIN_ACCURACY}`);
  writeFileSync(run.file('model.json'), JSON.stringify(model) + '\n');
  return {
    metrics: { accuracy: score },
    params: { strategy: 'majority-class' },
    datasets: [
      { name: 'training', uri: uris.training, digest: training.digest },
      { name: 'evaluation', uri: uris.evaluation, digest: evaluation.digest },
    ],
  };
}
