import { join } from 'node:path';
import { bool, loadSettings } from '@mesh/settings';
import { mostFrequentTagBaseline } from '../baselines';
import { readSentences } from '../data/read-sentences';
import { evaluateTagger, metricsOf } from '../evaluation';
import { dataUris, settingsSpec } from '../settings';

/**
 * The `baselines` task: scores the most-frequent-tag-per-word baseline on the evaluation data
 * with the component's settings and prints its metrics as JSON.
 */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const settings = loadSettings(
    {
      ...settingsSpec,
      USE_SAMPLE_DATA: bool({ desc: 'Read the shipped sample data', default: false }),
    },
    { configDir: join(root, 'config'), cwd: root },
  );
  const values = settings.values;
  const uris = dataUris(values);
  const training = await readSentences(uris.training, { cwd: root, tagColumn: values.TAG_COLUMN });
  const evaluation = await readSentences(uris.evaluation, {
    cwd: root,
    tagColumn: values.TAG_COLUMN,
  });
  const result = evaluateTagger(
    mostFrequentTagBaseline(training.sentences),
    evaluation.sentences,
    evaluation.scheme,
    [],
  );
  process.stdout.write(
    `${JSON.stringify({ baseline: 'most-frequent-tag', metrics: metricsOf(result) }, null, 2)}\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`baselines: ${error.message}\n`);
  process.exitCode = 1;
});
