// Screenshots at device pixel ratio 2 (#15, figures for slides): the curves view and the race,
// viewport-sized, to check by eye that chart text is sharp and nothing is cut. Pictures, not
// tests: `./scripts/screenshots.sh` (UPDATE_SCREENSHOT=1 copies them into docs/screenshots/
// as curves-2x.png and race-2x.png).
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, openApp } from './helpers';

test.use({ deviceScaleFactor: 2, viewport: { width: 1440, height: 900 } });

/** A screenshot of what `selectors` cover together with a margin (8 pixels, 2 below), cut to the
 * viewport. */
async function keep(page: Page, selectors: string[], out: string, name: string): Promise<void> {
  const boxes = [];
  for (const s of selectors) {
    const box = await page.locator(s).first().boundingBox();
    if (box) boxes.push(box);
  }
  const view = page.viewportSize() ?? { width: 1440, height: 900 };
  const left = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 8);
  const top = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 8);
  const right = Math.min(view.width, Math.max(...boxes.map((b) => b.x + b.width)) + 8);
  const bottom = Math.min(view.height, Math.max(...boxes.map((b) => b.y + b.height)) + 2);
  await page.screenshot({ path: out, clip: { x: left, y: top, width: right - left, height: bottom - top } });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    const docs = path.join(REPO_ROOT, 'docs', 'screenshots', name);
    fs.mkdirSync(path.dirname(docs), { recursive: true });
    fs.copyFileSync(out, docs);
  }
}

test('the curves view at 2×', async ({ page }, testInfo) => {
  await openApp(page);
  await page.locator('[data-view="curves"]').click();
  const status = page.locator('[data-chart-status="pixel-curves"]');
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const panel = '[data-chart-panel="pixel-curves"]';
  await page.locator(panel).evaluate((el) => el.scrollIntoView());
  await page.waitForTimeout(300);
  await keep(page, [panel], testInfo.outputPath('curves-2x.png'), 'curves-2x.png');
  // A detail at full resolution, to judge the text: the first panel's corner.
  const box = await page.locator('canvas[data-chart="pixel-curves"]').boundingBox();
  if (box) {
    const clip = { x: box.x, y: box.y + 40, width: 420, height: 260 };
    await page.screenshot({ path: testInfo.outputPath('curves-2x-detail.png'), clip });
  }
});

test('the race at 2×', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.locator('[data-view="race"]').click();
  await page.getByTestId('race-preset').selectOption('extreme');
  await page.getByTestId('race-play').click();
  await expect(page.locator('[data-race-finished]')).toHaveCount(1, { timeout: 200_000 });
  await page.locator('.race-legend').evaluate((el) => el.scrollIntoView());
  await page.evaluate(() => window.scrollBy(0, -12));
  await page.waitForTimeout(300);
  // The legend and the six charts (down to the parts chart's ratios, without its long note).
  const parts = ['.race-legend', 'canvas[data-race-chart="grad"]', '[data-race-parts-ratio]'];
  await keep(page, parts, testInfo.outputPath('race-2x.png'), 'race-2x.png');
});
