import { existsSync } from 'node:fs';
import { PLOT_FONT } from './render-svg';

/** Where Debian's fonts-dejavu-core puts DejaVu Sans. */
export const DEJAVU_FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Font files to draw text with, instead of the system's. Default: {@link DEJAVU_FONT_FILES}. */
  fontFiles?: string[];
  /** Scale of the bitmap relative to the SVG's size. Default: 2 (sharp on high-density screens). */
  scale?: number;
}

/**
 * Rasterises an SVG to PNG with resvg, drawing text with the given font files only, so the same
 * SVG gives the same picture on every machine. For places that cannot show SVG (job summaries,
 * chat, slides).
 */
export function renderPng(svg: string, options: RenderPngOptions = {}): Buffer {
  const fontFiles = options.fontFiles ?? DEJAVU_FONT_FILES;
  const missing = fontFiles.filter((file) => !existsSync(file));
  if (missing.length > 0)
    throw new Error(
      `PNG plots need the font files ${missing.join(', ')}: install them (apt-get install fonts-dejavu-core) or pass fontFiles.`,
    );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: PLOT_FONT },
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
  });
  return resvg.render().asPng();
}
