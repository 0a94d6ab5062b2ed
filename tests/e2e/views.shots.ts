// The README's pictures of the views (not tests): the gradient maps, three curve charts and
// the learn view, on the default scene at 1400×1000. UPDATE_SCREENSHOT=1 copies them into
// docs/screenshots/.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, openApp } from './helpers';

function keep(out: string, name: string) {
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.copyFileSync(out, path.join(REPO_ROOT, 'docs', 'screenshots', name));
  }
}

async function open(page: Page, view: string) {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openApp(page);
  await page.locator(`[data-view="${view}"]`).click();
}

test('the gradient maps', async ({ page }, testInfo) => {
  await open(page, 'gradients');
  await page.waitForTimeout(1500);
  const out = testInfo.outputPath('gradients.png');
  await page.screenshot({ path: out });
  keep(out, 'gradients.png');
});

for (const [chart, name] of [
  ['size-sweep', 'curves-size-sweep.png'],
  ['param-sweep', 'curves-param-sweep.png'],
  ['pixel-curves', 'curves-pixel-curves.png'],
]) {
  test(`the ${chart} chart`, async ({ page }, testInfo) => {
    await open(page, 'curves');
    await expect(page.locator(`[data-chart-status="${chart}"]`)).toHaveAttribute('data-state', 'ready', {
      timeout: 60_000,
    });
    const out = testInfo.outputPath(name);
    await page.locator(`[data-chart="${chart}"]`).screenshot({ path: out });
    keep(out, name);
  });
}

test('the learn view', async ({ page }, testInfo) => {
  await open(page, 'learn');
  await page.waitForTimeout(800);
  const out = testInfo.outputPath('learn.png');
  await page.screenshot({ path: out });
  keep(out, 'learn.png');
});
