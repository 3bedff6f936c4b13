import { readFileSync } from 'node:fs';

/**
 * A plot a component contributes: a complete Vega-Lite spec with its data inline. A training run
 * writes a list of them as `plots.json` in its run folder, so they are registered with the version.
 */
export interface PlotSpec {
  /** Identifier, unique within the version, e.g. `f1-at-k`. */
  name: string;
  /** Caption, e.g. `F1@k for k = 1..10`. */
  title: string;
  /** A Vega-Lite v5 spec with `data.values` (no URLs: the report must open without a network). */
  spec: Record<string, unknown>;
}

/** The file a run writes its plots to. */
export const PLOTS_FILE = 'plots.json';

/** `plots.json` does not hold valid plot specs. */
export class PlotSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Checks a parsed `plots.json`, naming every problem with its index and field at once. */
export function parsePlots(value: unknown, source = PLOTS_FILE): PlotSpec[] {
  if (!Array.isArray(value))
    throw new PlotSpecError(`${source}: expected a JSON array of {name, title, spec}`);
  const problems: string[] = [];
  const names = new Set<string>();
  value.forEach((plot: Record<string, unknown>, index) => {
    const at = `[${index}]`;
    if (typeof plot !== 'object' || plot === null) return problems.push(`${at} is not an object`);
    if (typeof plot.name !== 'string' || !/^[a-z0-9][a-z0-9_-]*$/.test(plot.name))
      problems.push(`${at}.name must be a lowercase identifier such as "f1-at-k"`);
    else if (names.has(plot.name)) problems.push(`${at}.name "${plot.name}" is used twice`);
    else names.add(plot.name);
    if (typeof plot.title !== 'string' || plot.title === '')
      problems.push(`${at}.title must be a non-empty string`);
    const spec = plot.spec as Record<string, unknown> | undefined;
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
      problems.push(`${at}.spec must be a Vega-Lite spec object`);
    else if (JSON.stringify(spec).includes('"url"'))
      problems.push(`${at}.spec must hold its data inline (data.values), not a URL`);
  });
  if (problems.length > 0) throw new PlotSpecError(`${source}: ${problems.join('; ')}`);
  return value as PlotSpec[];
}

/** Reads and checks a `plots.json` file. */
export function readPlots(path: string): PlotSpec[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PlotSpecError(`${path}: not readable JSON (${(error as Error).message})`);
  }
  return parsePlots(parsed, path);
}
