import type { Output } from '@mesh/output';
import { formatBytes } from '@mesh/output';
import { withRegistry } from './open-workspace-registry';

/** Options of `mesh models show`. */
export interface ShowOptions {
  cwd: string;
  output: Output;
  version: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `mesh models show`: a version's metrics, params, lineage, artifacts and model card. */
export async function show(options: ShowOptions): Promise<number> {
  const version = await withRegistry(options, (registry) => registry.getVersion(options.version));
  const { output } = options;
  if (options.json) {
    output.json(version);
    return 0;
  }
  const { lineage } = version;
  output.result(
    `${output.bold(version.id)}  created ${version.createdAt}${version.aliases.length ? `  aliases: ${version.aliases.join(', ')}` : ''}${version.status === 'pruned' ? '  (pruned: artifacts removed by gc)' : ''}`,
  );
  output.result(
    `metrics: ${Object.entries(version.metrics)
      .map(([name, value]) => `${name}=${value.toFixed(4)}`)
      .join(' ')}`,
  );
  output.result(`params:  ${JSON.stringify(version.params)}`);
  output.result('lineage:');
  output.result(
    `  git      ${lineage.git.sha ?? 'unknown'}${lineage.git.branch ? ` (${lineage.git.branch})` : ''}${lineage.git.dirty ? ' dirty' : ''}`,
  );
  output.result(
    `  image    ${lineage.image ? `${lineage.image.reference}${lineage.image.digest ? `@${lineage.image.digest}` : ''}` : 'none (ran in-process)'}`,
  );
  output.result(
    `  ci       ${lineage.ci ? (lineage.ci.run_url ?? JSON.stringify(lineage.ci)) : 'none'}`,
  );
  if (lineage.run) {
    const names = Object.entries(lineage.run).map(([name, value]) => `${name}=${value}`);
    output.result(`  run      ${names.join(' ')}`);
  }
  for (const dataset of lineage.datasets)
    output.result(`  data     ${dataset.name}: ${dataset.uri} ${output.dim(dataset.digest)}`);
  output.result(
    `  host     ${lineage.host}, ${(lineage.durationMs / 1000).toFixed(1)}s from ${lineage.startedAt}`,
  );
  output.result('artifacts:');
  output.table(version.artifacts, [
    { header: '  PATH', value: (artifact) => `  ${artifact.path}` },
    { header: 'SIZE', value: (artifact) => formatBytes(artifact.size), alignRight: true },
    { header: 'SHA256', value: (artifact) => artifact.sha256.slice(0, 16) },
  ]);
  output.result(`test files: ${Object.keys(version.testFiles).join(', ') || 'none'}`);
  output.result(
    `evaluations:${version.evaluations.length === 0 ? ' none (see mesh evaluate)' : ''}`,
  );
  for (const evaluation of version.evaluations)
    output.result(
      `  ${evaluation.createdAt.replace('T', ' ').slice(0, 19)}  ${evaluation.dataUri} ${output.dim(evaluation.dataDigest.slice(0, 19))}  ${evaluation.records} records  ${Object.entries(
        evaluation.metrics,
      )
        .map(([name, value]) => `${name}=${value.toFixed(4)}`)
        .join(
          ' ',
        )}  by ${evaluation.actor}${evaluation.context?.run_url ? ` ${evaluation.context.run_url}` : ''}`,
    );
  return 0;
}
