import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { chromium, type Browser } from 'playwright-core';
import { Output } from '@mesh/output';
import { collectLineage, openRegistry, registrySettingsSpec } from '@mesh/registry';
import { loadSettings } from '@mesh/settings';
import { tempTree } from '@mesh/testing';
import { main } from '../../src/main';

/** Debian's chromium (apt-get install chromium), or CHROMIUM_PATH. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Two plots in the shape of plots.json of plots.json, as keywords writes them.
const plots = [
  {
    name: 'f1-at-k',
    title: 'F1@k for k = 1..3',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values: [1, 2, 3].map((k) => ({ k, f1: k / 5 })) },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'k', type: 'ordinal' },
        y: { field: 'f1', type: 'quantitative' },
      },
    },
  },
  {
    name: 'f1-by-language',
    title: 'F1 per language',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: {
        values: [
          { language: 'en', f1: 0.6 },
          { language: 'de', f1: 0.5 },
        ],
      },
      mark: 'bar',
      encoding: {
        x: { field: 'language', type: 'nominal' },
        y: { field: 'f1', type: 'quantitative' },
      },
    },
  },
];

async function workspace() {
  const root = tempTree({ 'nx.json': '{}' });
  const settings = loadSettings(registrySettingsSpec, { configDir: null, env: {} }).values;
  const registry = await openRegistry({ settings, meshHome: join(root, '.mesh') });
  try {
    for (const f1 of [0.5, 0.62, 0.58]) {
      const at = new Date();
      await registry.registerVersion({
        model: 'KEYWORDS-TRAINED',
        project: 'keywords',
        artifactsDir: tempTree({
          'model.json': JSON.stringify({ f1 }),
          'plots.json': JSON.stringify(plots),
        }),
        card: null,
        testFiles: {},
        metrics: { f1, precision: f1 - 0.1 },
        params: { top_n: 3 },
        lineage: collectLineage({
          git: { sha: 'abc123', branch: 'main', dirty: false },
          datasets: [{ name: 'training', uri: 'data/corpus.jsonl', digest: 'sha256:00' }],
          settings: {},
          startedAt: at,
          finishedAt: at,
          env: {},
        }),
      });
    }
  } finally {
    await registry.close();
  }
  return root;
}

async function mesh(root: string, ...args: string[]) {
  const output = new Output({
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: { CI: 'true' },
  });
  const previous = { ...process.env };
  delete process.env.MESH_HOME;
  try {
    return await main(['node', 'mesh', ...args], root, output);
  } finally {
    process.env = previous;
  }
}

describe('mesh models report, opened in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `No browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
      );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
  }, 60_000);
  afterAll(() => browser?.close());

  it('writes one self-contained file in which every plot rendered, without the network', async () => {
    const root = await workspace();
    expect(
      await mesh(
        root,
        'models',
        'report',
        'KEYWORDS-TRAINED-2',
        '--output',
        'report.html',
        '--png',
        'png',
      ),
    ).toBe(0);
    const html = readFileSync(join(root, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|src="http/);
    for (const name of ['headline', 'f1-at-k', 'f1-by-language'])
      expect(statSync(join(root, 'png', `${name}.png`)).size).toBeGreaterThan(2000);

    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(`file://${join(root, 'report.html')}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('KEYWORDS-TRAINED-2');
    const figures = await page.locator('figure.plot').evaluateAll((elements) =>
      elements.map((figure) => {
        const svg = figure.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          name: figure.getAttribute('data-plot'),
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: figure.querySelectorAll('g.mark-line path, g.mark-symbol path, g.mark-rect path')
            .length,
        };
      }),
    );
    expect(figures.map((figure) => figure.name)).toEqual(['headline', 'f1-at-k', 'f1-by-language']);
    for (const figure of figures) {
      expect(figure.width).toBeGreaterThan(100);
      expect(figure.height).toBeGreaterThan(100);
      expect(figure.marks).toBeGreaterThan(0);
    }
    // The headline plot has a point per version.
    expect(await page.locator('figure[data-plot="headline"] g.mark-symbol path').count()).toBe(3);
    await expect(page.locator('table.metrics').textContent()).resolves.toContain('0.6200');
    await expect(page.locator('table.lineage').textContent()).resolves.toContain('abc123');
    expect(requests).toEqual([]);
    await page.close();

    process.env.GITHUB_STEP_SUMMARY = join(root, 'summary.md');
    try {
      expect(await mesh(root, 'models', 'report', 'KEYWORDS-TRAINED-3', '--summary')).toBe(0);
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY;
    }
    const summary = readFileSync(join(root, 'summary.md'), 'utf8');
    expect(summary).toContain('line [0.5000, 0.6200, 0.5800]');
    expect(summary).toContain('| **KEYWORDS-TRAINED-3** | 0.5800 |');
    expect(existsSync(join(root, 'KEYWORDS-TRAINED-3.report.html'))).toBe(true);
  }, 60_000);
});
