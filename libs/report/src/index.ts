export {
  HEADLINE_METRICS,
  headlineMarkdown,
  headlineMetric,
  headlinePlot,
  type HistoryPoint,
} from './headline';
export { parsePlots, PlotSpecError, PLOTS_FILE, readPlots, type PlotSpec } from './plot-spec';
export { DEJAVU_FONT_FILES, renderPng, type RenderPngOptions } from './render-png';
export { PLOT_FONT, renderSvg } from './render-svg';
export {
  renderReport,
  type RenderedReport,
  type ReportInput,
  type ReportVersion,
} from './report-html';
