import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadDatabase, loadLabelled } from '../data/load';
import { parseFlags, UsageError } from './args';
import { inputFile, outputFile } from './paths';
import { runCommand } from './run-command';
import { PARAM_FLAGS, paramsFromFlags, trainAndExport } from './train-and-export';

const USAGE =
  'train_pipeline (--snapshots FILE... | --db FILE) --model-json FILE [--model-onnx FILE] [--use-temp-db] [--output-db FILE] [--min-snapshots N] [--min-processes N] [--min-groups N] [--iterations N] [--depth N] [--learning-rate X] [--seed N]';

/**
 * The seed's `train_pipeline`: collects snapshot files into SQLite (kept as `--output-db`, default
 * `snapshots.db` beside the JSON model, or a temporary database with `--use-temp-db`), validates it
 * against the gates, trains, and writes the JSON model (and ONNX) with sidecars.
 */
export function trainPipelineCommand(argv: string[]): Promise<number> {
  return runCommand(USAGE, async (output) => {
    const flags = parseFlags(
      {
        snapshots: 'list',
        db: 'string',
        'model-json': 'string',
        'model-onnx': 'string',
        'use-temp-db': 'boolean',
        'output-db': 'string',
        'min-snapshots': 'number',
        'min-processes': 'number',
        'min-groups': 'number',
        ...PARAM_FLAGS,
      },
      argv,
    );
    const snapshots = flags.snapshots as string[] | undefined;
    const db = flags.db as string | undefined;
    if (!snapshots === !db) throw new UsageError('give either --snapshots FILE... or --db FILE');
    const modelJson = outputFile(flags['model-json'] as string | undefined, 'model-json');
    if (!modelJson) throw new UsageError('--model-json is required');
    const modelOnnx = outputFile(flags['model-onnx'] as string | undefined, 'model-onnx');
    const gates = {
      minSnapshots: (flags['min-snapshots'] as number | undefined) ?? 1,
      minProcesses: (flags['min-processes'] as number | undefined) ?? 10,
      minGroups: (flags['min-groups'] as number | undefined) ?? 1,
    };
    let temporary: string | undefined;
    try {
      let data;
      if (db) {
        data = await output.step(`Validating ${db}`, async () =>
          loadDatabase(inputFile(db, 'db'), gates),
        );
      } else {
        for (const file of snapshots!) inputFile(file, 'snapshots');
        if (flags['use-temp-db']) temporary = mkdtempSync(join(tmpdir(), 'ranker-'));
        const database = temporary
          ? join(temporary, 'snapshots.db')
          : ((flags['output-db'] as string | undefined) ??
            join(dirname(modelJson), 'snapshots.db'));
        data = await output.step(
          `Collecting ${snapshots!.length} snapshot file(s) into ${database}`,
          (progress) =>
            loadLabelled(snapshots!, 'snapshots', {
              cwd: process.cwd(),
              gates,
              database,
              onProgress: (done) => progress.update(done, undefined, 'snapshots'),
            }),
        );
      }
      await trainAndExport(output, data, { modelJson, modelOnnx }, paramsFromFlags(flags));
    } finally {
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    }
  });
}
