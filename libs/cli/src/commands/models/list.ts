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
  env?: NodeJS.ProcessEnv;
}

// The metrics shown as columns, when a version has them; others are in --json and show.
const HEADLINE = ['f1', 'precision', 'recall', 'accuracy', 'ndcg', 'auc', 'loss'];

/** `mesh models list`: versions with created time, aliases and key metrics. */
export async function list(options: ListOptions): Promise<number> {
  const model = options.project ? modelOf(options.project) : undefined;
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
