// Screenshots at device pixel ratio 2 (#15, figures for slides): the curves view and the race,
// viewport-sized, to check by eye that chart text is sharp and nothing is cut. Pictures, not
// tests: `./scripts/screenshots.sh` (UPDATE_SCREENSHOT=1 copies them into docs/screenshots/
// as curves-2x.png and race-2x.png).
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, openApp } from './helpers';

test.use({ deviceScaleFactor: 2, viewport: { width: 1280, height: 800 } });

async function keep(page: Page, out: string, name: string): Promise<void> {
  await page.screenshot({ path: out });
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
  await page.locator('[data-chart-panel="pixel-curves"]').evaluate((el) => el.scrollIntoView());
  await page.waitForTimeout(300);
  await keep(page, testInfo.outputPath('curves-2x.png'), 'curves-2x.png');
});

test('the race at 2×', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.locator('[data-view="race"]').click();
  await page.getByTestId('race-preset').selectOption('extreme');
  await page.getByTestId('race-play').click();
  await expect(page.locator('[data-race-finished]')).toHaveCount(1, { timeout: 200_000 });
  await page.locator('.race-charts').evaluate((el) => el.scrollIntoView());
  await page.waitForTimeout(300);
  await keep(page, testInfo.outputPath('race-2x.png'), 'race-2x.png');
});
