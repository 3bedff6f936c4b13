import { loadDatabase } from '../data/load';
import { parseFlags, UsageError } from './args';
import { inputFile, outputFile } from './paths';
import { runCommand } from './run-command';
import { PARAM_FLAGS, paramsFromFlags, trainAndExport } from './train-and-export';

const USAGE =
  'train_ranker --db FILE --model-json FILE [--model-onnx FILE] [--iterations N] [--depth N] [--learning-rate X] [--seed N]';

/** The seed's `train_ranker`: trains from an existing snapshot database (validated first). */
export function trainRankerCommand(argv: string[]): Promise<number> {
  return runCommand(USAGE, async (output) => {
    const flags = parseFlags(
      { db: 'string', 'model-json': 'string', 'model-onnx': 'string', ...PARAM_FLAGS },
      argv,
    );
    if (!flags.db) throw new UsageError('--db is required');
    const modelJson = outputFile(flags['model-json'] as string | undefined, 'model-json');
    if (!modelJson) throw new UsageError('--model-json is required');
    const modelOnnx = outputFile(flags['model-onnx'] as string | undefined, 'model-onnx');
    const data = await output.step(`Validating ${flags.db}`, async () =>
      loadDatabase(inputFile(flags.db as string, 'db')),
    );
    await trainAndExport(output, data, { modelJson, modelOnnx }, paramsFromFlags(flags));
  });
}
