import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { TrainingApi } from '@mesh/training-api';
import { tempTree } from '@mesh/testing';
import { startApi, TOKEN } from '../api-client';

/** Debian's chromium (apt-get install chromium), or CHROMIUM_PATH. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

describe('the web page, in a real browser', () => {
  let api: TrainingApi;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `No browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
      );
    api = await startApi(tempTree());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // As root (CI), chromium's sandbox cannot start.
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('launches a local keywords job, shows its live log and the registered model', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(api.url);
    // The page asks for the token first; a wrong one is refused and asked for again.
    await page.locator('#login').waitFor();
    await page.fill('#token', 'wrong-token');
    await page.click('#sign-in');
    await page.locator('#message.error').waitFor();
    expect(await page.textContent('#message')).toContain('403');
    await page.fill('#token', TOKEN);
    await page.click('#sign-in');
    await page.locator('#component option[value="keywords/train"]').waitFor({ state: 'attached' });
    // Kept for the tab only: a reload does not ask again.
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }
        ).sessionStorage.getItem('mesh-token'),
      ),
    ).toBe(TOKEN);
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { localStorage: { length: number } }).localStorage.length,
      ),
    ).toBe(0);
    await page.reload();
    await page.locator('#component option[value="keywords/train"]').waitFor({ state: 'attached' });
    expect(await page.isHidden('#login')).toBe(true);

    await page.selectOption('#backend', 'local');
    await page.selectOption('#component', 'keywords/train');
    await page.fill('#settings', 'TOP_N=10');
    await page.click('#submit');
    await page.locator('#message:not(.error)').getByText('Launched').waitFor();
    const id = (await page.textContent('#message'))!.match(/\(([0-9a-f-]{36})\)/)![1];

    const status = page.locator(`#jobs tr[data-id="${id}"] .status`);
    await status.getByText('succeeded').waitFor({ timeout: 120_000 });
    // The live log came through server-sent events.
    await page.locator('#log').getByText('KEYWORDS-TRAINED-1').first().waitFor();
    // And the registered version, with its metrics.
    const model = page.locator('#models tr[data-version="KEYWORDS-TRAINED-1"]');
    await model.waitFor({ timeout: 20_000 });
    expect(await model.textContent()).toMatch(/f1=0\.\d{4}/);
    // Its report opens from the page, with its plots drawn.
    await model.locator('a', { hasText: 'report.html' }).click();
    await page.locator('figure[data-plot="f1-at-k"] svg').waitFor();
    expect(errors).toEqual([]);
  }, 180_000);
});
