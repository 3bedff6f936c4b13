import { openVersionPredictor, verifyPredictions } from '@mesh/inference';
import type { Output } from '@mesh/output';
import { parseVersionRef } from '@mesh/registry';
import { withRegistry } from './open-workspace-registry';
import { workspaceRoot } from '../../workspace';

/** Options of `mesh models verify`. */
export interface VerifyOptions {
  cwd: string;
  output: Output;
  /** Version id or `MODEL@alias`. */
  version: string;
  /** Default: `train`. */
  component?: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh models verify`: downloads the version afresh from the store (every byte checked against
 * its digest, the cache bypassed), runs its stored test inputs through its component's
 * predictor and compares with the stored predictions. Exit 1 with the first difference.
 */
export async function verify(options: VerifyOptions): Promise<number> {
  const { output } = options;
  const root = workspaceRoot(options.cwd);
  const project = parseVersionRef(options.version)
    .model.replace(/-TRAINED$/, '')
    .toLowerCase();
  const report = await withRegistry(options, async (registry, meshHome) => {
    const predictor = await output.step(
      `Downloading ${options.version} from the store`,
      (progress) =>
        openVersionPredictor({
          registry,
          meshHome,
          workspaceRoot: root,
          project,
          component: options.component,
          version: options.version,
          fresh: true,
          onFile: (path, index, total) => {
            progress.update(index, total, 'files');
            progress.detail(path);
          },
        }),
    );
    try {
      const checked = await output.step(`Re-predicting the stored test inputs`, () =>
        verifyPredictions(predictor, predictor.fetched.version.testFiles, predictor.versionId),
      );
      return {
        version: predictor.versionId,
        files: predictor.fetched.version.artifacts.length,
        ...checked,
      };
    } finally {
      await predictor.close();
    }
  });
  if (options.json) output.json({ ...report, ok: true });
  else
    output.success(
      `${report.version}: ${report.files} artifacts match their digests; ${report.checked} stored predictions reproduced`,
    );
  return 0;
}
