import type { Output } from '@mesh/output';
import { RegistryNotFoundError, trainedModelName, type Registry } from '@mesh/registry';
import { findWorkspaceRoot } from '@mesh/pipeline';
import { listComponents } from '@mesh/workspace';
import { MeshError } from '../../errors';
import { modelOf, withRegistry } from './open-workspace-registry';

/** Options of `mesh models list`. */
export interface ListOptions {
  cwd: string;
  output: Output;
  /** A project (`keywords`) or model (`KEYWORDS-TRAINED`); all models when absent. */
  project?: string;
  json?: boolean;
  /** Include versions pruned by gc. Default: false. */
  all?: boolean;
  /** Only versions evaluated on this data (sha256 digest or URI), with those scores. */
  evaluatedOn?: string;
  env?: NodeJS.ProcessEnv;
}

// The metrics shown as columns, when a version has them; others are in --json and show.
const HEADLINE = ['f1', 'precision', 'recall', 'accuracy', 'ndcg', 'auc', 'loss'];

/** `mesh models list`: versions with created time, aliases and key metrics. */
export async function list(options: ListOptions): Promise<number> {
  const model = options.project ? modelOf(options.project) : undefined;
  if (options.evaluatedOn) return listEvaluatedOn(options, options.evaluatedOn, model);
  const versions = await withRegistry(options, async (registry) => {
    if (model) await checkModelKnown(registry, model, options.cwd);
    return registry.listVersions({ model, includePruned: options.all });
  }).catch((error: unknown) => {
    // The embedded registry is created by the first registration: until then it is empty.
    if (error instanceof RegistryNotFoundError && error.embedded) return [];
    throw error;
  });
  if (options.json) {
    options.output.json(versions);
    return 0;
  }
  if (versions.length === 0) {
    options.output.info(model ? `No versions of ${model} yet.` : 'No models registered yet.');
    return 0;
  }
  const present = new Set(versions.flatMap((version) => Object.keys(version.metrics)));
  const metrics = HEADLINE.filter((name) => present.has(name));
  if (metrics.length === 0) metrics.push(...[...present].sort().slice(0, 3));
  options.output.table(versions, [
    { header: 'VERSION', value: (version) => version.id },
    { header: 'CREATED', value: (version) => version.createdAt.replace('T', ' ').slice(0, 19) },
    {
      header: 'ALIASES',
      value: (version) => (version.status === 'pruned' ? '(pruned)' : version.aliases.join(',')),
    },
    ...metrics.map((name) => ({
      header: name.toUpperCase(),
      value: (version: (typeof versions)[number]) => version.metrics[name]?.toFixed(4),
      alignRight: true,
    })),
  ]);
  return 0;
}

/**
 * A model that is neither registered nor the model of a project in this workspace is most
 * likely a typo: an error naming what exists, rather than an empty list.
 */
async function checkModelKnown(registry: Registry, model: string, cwd: string): Promise<void> {
  const registered = (await registry.listModels()).map((entry) => entry.name);
  const root = findWorkspaceRoot(cwd);
  const projects = root ? [...new Set(listComponents(root).map((ref) => ref.project))] : [];
  if (registered.includes(model) || projects.some((project) => trainedModelName(project) === model))
    return;
  throw new MeshError(
    `Unknown model ${model}: ` +
      (registered.length
        ? `registered models are ${registered.join(', ')}`
        : 'no model is registered yet') +
      (projects.length ? `; projects in this workspace: ${projects.join(', ')}.` : '.'),
  );
}

/**
 * `mesh models list --evaluated-on`: the versions scored on one data set, newest score of each
 * version, side by side, so versions compare on the same data whenever they were trained.
 */
async function listEvaluatedOn(
  options: ListOptions,
  data: string,
  model: string | undefined,
): Promise<number> {
  const evaluations = await withRegistry(options, (registry) =>
    registry.evaluationsOn(data, { model }),
  );
  const latest = new Map<string, (typeof evaluations)[number]>();
  for (const evaluation of evaluations) latest.set(evaluation.versionId, evaluation);
  const rows = [...latest.values()].sort((a, b) =>
    a.versionId.localeCompare(b.versionId, undefined, { numeric: true }),
  );
  if (options.json) {
    options.output.json(rows);
    return 0;
  }
  if (rows.length === 0) {
    options.output.info(
      `No ${model ?? ''} version has been evaluated on ${data} yet (see mesh evaluate).`.replace(
        '  ',
        ' ',
      ),
    );
    return 0;
  }
  const metrics = [...new Set(rows.flatMap((row) => Object.keys(row.metrics)))].sort((a, b) => {
    const rank = (name: string) => (HEADLINE.includes(name) ? HEADLINE.indexOf(name) : 99);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  options.output.info(
    `Evaluated on ${rows[0].dataUri === data ? data : `${rows[0].dataDigest} (${rows[0].dataUri})`}:`,
  );
  options.output.table(rows, [
    { header: 'VERSION', value: (row) => row.versionId },
    { header: 'EVALUATED', value: (row) => row.createdAt.replace('T', ' ').slice(0, 19) },
    { header: 'RECORDS', value: (row) => String(row.records), alignRight: true },
    ...metrics.map((name) => ({
      header: name.toUpperCase(),
      value: (row: (typeof rows)[number]) => row.metrics[name]?.toFixed(4),
      alignRight: true,
    })),
  ]);
  return 0;
}
