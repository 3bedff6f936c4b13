import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from '@mesh/registry';
import {
  headlineMarkdown,
  headlineMetric,
  PLOTS_FILE,
  readPlots,
  renderReport,
  type RenderedReport,
} from '@mesh/report';
import { fetchVersion } from './version-cache';

/**
 * A registered version's report: its record, its component's plots (the `plots.json` artifact,
 * fetched through the cache, verified) and the model's headline metric across all versions.
 */
export async function versionReport(
  registry: Registry,
  ref: string,
  meshHome: string,
): Promise<RenderedReport & { versionId: string; summary: string }> {
  const version = await registry.getVersion(ref);
  const history = await registry.listVersions({ model: version.model });
  let plots: ReturnType<typeof readPlots> = [];
  if (version.status === 'ready' && version.artifacts.some((a) => a.path === PLOTS_FILE)) {
    const fetched = await fetchVersion(registry, version.id, { meshHome });
    const path = join(fetched.dir, PLOTS_FILE);
    if (existsSync(path)) plots = readPlots(path);
  }
  const rendered = await renderReport({ version, history, plots });
  const metric = headlineMetric(version.metrics);
  const summary = metric ? headlineMarkdown(version.model, metric, history, version.id) : '';
  return { ...rendered, versionId: version.id, summary };
}
