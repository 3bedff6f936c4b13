import {
  headlineMetric,
  headlinePlot,
  parsePlots,
  PlotSpecError,
  renderPng,
  renderSvg,
} from '@mesh/report';

const history = [1, 2, 3].map((number) => ({
  id: `K-${number}`,
  number,
  createdAt: `2026-01-0${number}T00:00:00Z`,
  metrics: { f1: number / 10, precision: 0.5 },
}));

describe('plots.json', () => {
  it('names every problem with its index and field', () => {
    const check = () =>
      parsePlots([
        { name: 'ok', title: 'ok', spec: { mark: 'bar' } },
        { name: 'Bad Name', title: '', spec: { data: { url: 'http://x/data.csv' } } },
        { name: 'ok', title: 't', spec: [] },
      ]);
    expect(check).toThrow(PlotSpecError);
    expect(check).toThrow(
      'plots.json: [1].name must be a lowercase identifier such as "f1-at-k"; [1].title must be a non-empty string; [1].spec must hold its data inline (data.values), not a URL; [2].name "ok" is used twice; [2].spec must be a Vega-Lite spec object',
    );
    expect(() => parsePlots({})).toThrow('expected a JSON array');
  });
});

describe('rendering', () => {
  it('picks the headline metric by preference', () => {
    expect(headlineMetric({ precision: 1, f1: 2 })).toBe('f1');
    expect(headlineMetric({ accuracy: 1, loss: 2 })).toBe('accuracy');
    expect(headlineMetric({ zeta: 1, beta: 2 })).toBe('beta');
  });

  it('draws the headline metric of every version as SVG with one point per version, and as PNG', async () => {
    const svg = await renderSvg(headlinePlot('K', 'f1', history, 'K-3'));
    expect(svg).toMatch(/^<svg /);
    expect(
      svg.match(/<path [^>]*aria-roledescription="point"/g) ?? svg.match(/role-symbol/g),
    ).toBeTruthy();
    expect(svg).toContain('DejaVu Sans');
    const png = renderPng(svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(5000);
  });

  it('names the plot of an invalid spec', async () => {
    await expect(renderSvg({ name: 'broken', spec: { mark: 'nonsense' } })).rejects.toThrow(
      /plot "broken": not a valid Vega-Lite spec/,
    );
  });
});
