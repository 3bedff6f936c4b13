import type { PlotSpec } from './plot-spec';
import { PlotSpecError } from './plot-spec';

// vega 5 and vega-lite 5 are CommonJS (vega 6 is ESM-only); loaded on first use, as they are large.
type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
let modules: { vega: Vega; vegaLite: VegaLite } | undefined;
function load(): { vega: Vega; vegaLite: VegaLite } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  modules ??= { vega: require('vega') as Vega, vegaLite: require('vega-lite') as VegaLite };
  return modules;
}

/** The font every plot is drawn with, so SVG and PNG agree (DejaVu Sans, from fonts-dejavu-core). */
export const PLOT_FONT = 'DejaVu Sans';

/**
 * Renders a Vega-Lite spec to a standalone SVG document, headless (no canvas, no network).
 * An invalid spec throws {@link PlotSpecError} naming the plot.
 */
export async function renderSvg(plot: Pick<PlotSpec, 'name' | 'spec'>): Promise<string> {
  const { vega, vegaLite } = load();
  let runtime;
  try {
    const compiled = vegaLite.compile({
      ...(plot.spec as object),
      config: { font: PLOT_FONT, ...((plot.spec.config as object) ?? {}) },
    } as never).spec;
    runtime = vega.parse(compiled);
  } catch (error) {
    throw new PlotSpecError(
      `plot "${plot.name}": not a valid Vega-Lite spec (${(error as Error).message})`,
    );
  }
  const view = new vega.View(runtime, { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
