// A picture of the multi-class race (preset `multi-class`) after its 300 steps: the five
// runners' curves, the island and ship Dice charts, the argmax pictures and the table. Not a
// test (see screenshots.shots.ts): `./scripts/screenshots.sh`; UPDATE_SCREENSHOT=1 copies it
// into docs/screenshots/race-classes.png.
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, openApp } from './helpers';

test('the multi-class race, finished', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openApp(page);
  await page.locator('[data-view="race"]').click();
  await page.getByTestId('race-preset').selectOption('multi-class');
  await expect(page.locator('tr[data-race-loss]')).toHaveCount(5);
  await page.getByTestId('race-play').click();
  await expect(page.locator('[data-race-finished]')).toHaveCount(1, { timeout: 280_000 });
  await page.waitForTimeout(500);
  const out = testInfo.outputPath('race-classes.png');
  await page.screenshot({ path: out, fullPage: true });
  await testInfo.attach('race-classes.png', { path: out, contentType: 'image/png' });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    const docs = path.join(REPO_ROOT, 'docs', 'screenshots', 'race-classes.png');
    fs.mkdirSync(path.dirname(docs), { recursive: true });
    fs.copyFileSync(out, docs);
  }
});
