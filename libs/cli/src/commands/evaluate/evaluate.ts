import { fetchVersion, loadPredictorModule, resolveVersionRef } from '@mesh/inference';
import type { Output } from '@mesh/output';
import { ciContext } from '@mesh/registry';
import { actorOf, withRegistry } from '../models/open-workspace-registry';
import { resolveComponent, workspaceRoot } from '../../workspace';

/** Options of `mesh evaluate`. */
export interface EvaluateOptions {
  cwd: string;
  output: Output;
  project: string;
  /** Default: `train`. */
  component?: string;
  /** The version to score (id or `MODEL@alias`). Default: the newest version. */
  version?: string;
  /** Labelled data the component can read: a path relative to `cwd`, file:// or http(s)://. */
  data: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh evaluate`: scores a registered version on labelled data with the component's own
 * evaluator, then stores the result as an evaluation of the version (data URI and digest,
 * metrics, time, who and the CI context). A data error stores nothing.
 */
export async function evaluate(options: EvaluateOptions): Promise<number> {
  const { output } = options;
  const env = options.env ?? process.env;
  const root = workspaceRoot(options.cwd);
  const component = resolveComponent(root, options.project, options.component ?? 'train');
  const module = loadPredictorModule(component, root);
  const stored = await withRegistry(options, async (registry, meshHome) => {
    const ref = await resolveVersionRef(registry, options.project, { version: options.version });
    const fetched = await output.step(`Fetching ${ref}`, (progress) =>
      fetchVersion(registry, ref, {
        meshHome,
        onFile: (path, index, total) => {
          progress.update(index, total, 'files');
          progress.detail(`downloading ${path}`);
        },
      }),
    );
    const result = await output.step(`Evaluating ${ref} on ${options.data}`, (progress) =>
      module.evaluate(fetched.dir, options.data, {
        cwd: options.cwd,
        env,
        onProgress: (done, total) => progress.update(done, total, 'records'),
      }),
    );
    return registry.addEvaluation({
      version: ref,
      dataUri: options.data,
      dataDigest: result.digest,
      records: result.records,
      metrics: result.metrics,
      actor: actorOf(env),
      context: ciContext(env),
    });
  });
  if (options.json) {
    output.json(stored);
    return 0;
  }
  output.success(
    `${output.bold(stored.versionId)} on ${stored.dataUri} (${stored.records} records, ${stored.dataDigest.slice(0, 19)}…): ${Object.entries(
      stored.metrics,
    )
      .map(([name, value]) => `${name}=${value.toFixed(4)}`)
      .join(' ')}`,
  );
  output.result(
    Object.entries(stored.metrics)
      .map(([name, value]) => `${name}=${value.toFixed(4)}`)
      .join(' '),
  );
  return 0;
}
