import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { openVersionPredictor, predictJsonLines } from '@mesh/inference';
import type { Output } from '@mesh/output';
import { formatBytes } from '@mesh/output';
import { UsageError } from '../../errors';
import { withRegistry } from '../models/open-workspace-registry';
import { workspaceRoot } from '../../workspace';

/** Options of `mesh predict`. */
export interface PredictOptions {
  cwd: string;
  output: Output;
  project: string;
  /** Default: `train`. */
  component?: string;
  /** A version id. Default: the newest version (or `alias`). */
  version?: string;
  /** An alias of the project's model, e.g. `production`. */
  alias?: string;
  /** JSONL inputs: a path, or `-` for stdin. Default: `-`. */
  input?: string;
  /** JSONL outputs: a path (written to a temporary name, renamed at the end), or `-` for stdout. Default: `-`. */
  outputFile?: string;
  /** Inputs per predictor call. Default: 64. */
  batchSize?: string;
  env?: NodeJS.ProcessEnv;
  /** Streams standing in for the process's stdin and stdout (tests). */
  stdin?: Readable;
  stdout?: Writable;
}

/**
 * `mesh predict`: JSONL in -> the version's predictor in batches -> JSONL out. The version's
 * artifacts come through the model store, verified, and are cached under the mesh home by
 * digest. Progress goes to stderr on a terminal. An output file is written under a temporary
 * name and renamed only when every input was answered: a failure leaves no partial file.
 */
export async function predict(options: PredictOptions): Promise<number> {
  const { output } = options;
  const root = workspaceRoot(options.cwd);
  const batchSize = options.batchSize === undefined ? 64 : Number(options.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new UsageError(
      `--batch-size must be a whole number of 1 or more (got ${options.batchSize}).`,
    );
  const inputPath =
    options.input && options.input !== '-' ? resolve(options.cwd, options.input) : undefined;
  if (inputPath && !existsSync(inputPath))
    throw new UsageError(`--input ${options.input}: no such file.`);
  const outputPath =
    options.outputFile && options.outputFile !== '-'
      ? resolve(options.cwd, options.outputFile)
      : undefined;
  if (outputPath && !existsSync(dirname(outputPath)))
    throw new UsageError(
      `--output ${options.outputFile}: folder ${dirname(outputPath)} does not exist.`,
    );

  return withRegistry(options, async (registry, meshHome) => {
    const predictor = await output.step(`Loading ${options.project}`, async (progress) => {
      const opened = await openVersionPredictor({
        registry,
        meshHome,
        workspaceRoot: root,
        project: options.project,
        component: options.component,
        version: options.alias ? `${options.project}@${options.alias}` : options.version,
        onFile: (path, index, total) => {
          progress.update(index, total, 'files');
          progress.detail(`downloading ${path}`);
        },
      });
      return opened;
    });
    const { fetched } = predictor;
    output.info(
      `${output.bold(predictor.versionId)} ${fetched.downloaded ? `downloaded (${formatBytes(fetched.bytes)}, verified)` : 'from the cache'}: ${fetched.dir}`,
    );
    const temporary = outputPath
      ? join(dirname(outputPath), `.${randomBytes(4).toString('hex')}.${process.pid}.partial`)
      : undefined;
    const sink = temporary ? createWriteStream(temporary) : (options.stdout ?? process.stdout);
    const source = inputPath ? createReadStream(inputPath) : (options.stdin ?? process.stdin);
    try {
      const records = await output.step(
        `Predicting with ${predictor.versionId} (${inputPath ? options.input : 'stdin'})`,
        (progress) =>
          predictJsonLines({
            predictor,
            input: source,
            output: sink,
            source: inputPath ? (options.input as string) : 'stdin',
            batchSize,
            onProgress: (done) => progress.update(done, undefined, 'records'),
          }),
      );
      if (temporary && outputPath) {
        sink.end();
        await finished(sink);
        renameSync(temporary, outputPath);
        output.success(`${records} predictions written to ${options.outputFile}`);
      } else {
        output.success(`${records} predictions`);
      }
      return 0;
    } catch (error) {
      if (temporary) {
        sink.destroy();
        rmSync(temporary, { force: true });
      }
      if (inputPath) (source as Readable).destroy();
      throw error;
    } finally {
      await predictor.close();
    }
  });
}
