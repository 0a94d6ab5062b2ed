// Pictures of the "Your data" view (not tests): set2d (every object-size bin, an empty image),
// set3d (two volumes) and one refused file, at 1280 px and on a phone (390 px). Into
// test-results/, and docs/screenshots with UPDATE_SCREENSHOT=1.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';

const DIR = process.env.UPDATE_SCREENSHOT ? 'docs/screenshots' : 'test-results';
const DATA = path.join(REPO_ROOT, 'fixtures', 'data');
const files = (dir: string): string[] =>
  fs
    .readdirSync(path.join(DATA, dir))
    .sort()
    .map((f) => path.join(DATA, dir, f));

async function loaded(page: Page): Promise<void> {
  await page.goto('/#v1&view=data');
  await expect(page.locator('[data-pane="data"]')).toBeVisible();
  await page.getByTestId('data-targets').setInputFiles(files('set2d/targets'));
  await page.getByTestId('data-preds').setInputFiles(files('set2d/preds'));
  await page.getByTestId('data-images').setInputFiles(files('set2d/images'));
  await page.getByTestId('data-folder').setInputFiles(path.join(DATA, 'set3d'));
  await page.getByTestId('data-targets').setInputFiles(path.join(DATA, 'bad', 'npy_1d.npy'));
  await expect(page.locator('tr[data-image]')).toHaveCount(8, { timeout: 30_000 });
  await expect(page.getByTestId('data-progress')).toHaveAttribute('data-stage', 'idle');
  await page.waitForTimeout(300);
}

test('your data, 1280 px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await loaded(page);
  await page.screenshot({ path: `${DIR}/data-table.png`, fullPage: true });
  await page.getByTestId('data-shares').check();
  await page.getByTestId('data-per-slice').check();
  await expect(page.locator('tr[data-image]')).toHaveCount(20, { timeout: 30_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/data-table-shares.png', fullPage: true });
  await page.getByTestId('lang').selectOption('zh');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/data-table-zh.png', fullPage: true });
});

test('your data, 390 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loaded(page);
  await page.screenshot({ path: `${DIR}/data-table-narrow.png`, fullPage: true });
});
