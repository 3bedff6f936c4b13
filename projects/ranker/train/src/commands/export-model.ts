import { renameSync, rmSync } from 'node:fs';
import { extname } from 'node:path';
import { RankerModel } from '../model/ranker-model';
import { recordVersion, sidecarPath, writeSidecar, type ModelMetadata } from '../export/metadata';
import { checkOnnxMatchesJson, writeOnnx } from '../export/onnx';
import { validateExportedModel } from '../export/validate';
import { parseFlags, UsageError } from './args';
import { inputFile, outputFile } from './paths';
import { runCommand } from './run-command';

const USAGE =
  "export_model --model FILE --format onnx|json --output FILE [--metadata '{...}'] [--validate | --no-validate]";

/**
 * The seed's `export_model` (documented by the original, missing there): converts a JSON model to
 * ONNX or JSON, writes `<output>.metadata.json` (the --metadata fields over the defaults, plus
 * the sha256), adds the file to versions.json, and by default validates the result (exists, size,
 * extension, sidecar, a prediction on the sample rows kept in the model; ONNX also against the
 * JSON model's scores). A failed validation removes what was written.
 */
export function exportModelCommand(argv: string[]): Promise<number> {
  return runCommand(USAGE, async (output) => {
    const flags = parseFlags(
      {
        model: 'string',
        format: 'string',
        output: 'string',
        metadata: 'string',
        validate: 'boolean',
      },
      argv,
    );
    if (!flags.model) throw new UsageError('--model is required');
    const format = flags.format as string | undefined;
    if (format === 'cbm')
      throw new UsageError(
        '--format cbm (CatBoost binary) is not supported: this ranker is not CatBoost; use onnx or json',
      );
    if (format !== 'onnx' && format !== 'json')
      throw new UsageError(`--format must be onnx or json, got ${JSON.stringify(format)}`);
    const target = outputFile(flags.output as string | undefined, 'output');
    if (!target) throw new UsageError('--output is required');
    if (extname(target) !== `.${format}`)
      throw new UsageError(`--output ${target} should end in .${format} for --format ${format}`);
    let extra: Partial<ModelMetadata> = {};
    if (flags.metadata !== undefined) {
      try {
        extra = JSON.parse(flags.metadata as string) as Partial<ModelMetadata>;
      } catch (error) {
        throw new UsageError(`--metadata is not JSON (${(error as Error).message})`);
      }
      if (extra === null || typeof extra !== 'object' || Array.isArray(extra))
        throw new UsageError('--metadata must be a JSON object');
      delete extra.sha256;
    }
    const source = inputFile(flags.model as string, 'model');
    if (extname(source) === '.cbm')
      throw new UsageError(
        `--model ${source}: CatBoost models are not supported; give a JSON model from train_ranker`,
      );
    const model = RankerModel.load(source);
    const validate = flags.validate !== false;
    const partial = `${target}.partial${extname(target)}`;
    try {
      if (format === 'onnx') writeOnnx(model, partial);
      else model.save(partial);
      if (validate && format === 'onnx' && model.sampleRows.length > 0) {
        const check = await checkOnnxMatchesJson(model, partial, model.sampleRows);
        output.info(
          `onnxruntime matches the JSON model on ${check.rows} sample rows (max |diff| ${check.maxAbsDiff.toExponential(2)})`,
        );
      }
      renameSync(partial, target);
      const metadata = writeSidecar(target, {
        dataset_size: 0,
        features: model.ensemble.featureNames,
        model_type: 'LambdaMART',
        ...extra,
        export_format: format,
      });
      if (validate) {
        const result = await validateExportedModel(target, format, {
          rows: model.sampleRows,
          numFeatures: model.ensemble.numFeatures,
        });
        for (const check of result.checks)
          output.info(`${check.ok ? '✓' : '✗'} ${check.check}: ${check.detail}`);
        if (!result.ok) {
          rmSync(target, { force: true });
          rmSync(sidecarPath(target), { force: true });
          throw new Error(`${target} failed validation; removed it and its sidecar`);
        }
      }
      recordVersion(target, metadata);
      output.info(
        `Exported ${target} (${format}, version ${metadata.version}, sha256 ${metadata.sha256.slice(0, 12)}...)`,
      );
    } finally {
      rmSync(partial, { force: true });
    }
  });
}
