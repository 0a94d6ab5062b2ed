// Screenshots for the README and for looking at the app: not tests (they assert only what
// they need to reach their state), so they run in their own Playwright project, outside
// `./scripts/test.sh`: `./scripts/screenshots.sh` (UPDATE_SCREENSHOT=1 also copies them into
// docs/).
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, openApp, screenshot } from './helpers';

async function raceStep(page: Page): Promise<number> {
  return Number(await page.locator('[data-race-step]').getAttribute('data-race-step'));
}

test('the scene and the board, full page', async ({ page }, testInfo) => {
  await openApp(page);
  await page.waitForTimeout(300);
  await screenshot(page, testInfo, 'losslab.png');
});

test('the race running and finished', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openApp(page);
  await page.locator('[data-view="race"]').click();
  await page.getByTestId('race-preset').selectOption('extreme');
  await page.getByTestId('race-play').click();
  await expect.poll(() => raceStep(page), { timeout: 60_000 }).toBeGreaterThan(60);
  await page.screenshot({ path: testInfo.outputPath('race-running.png'), fullPage: true });
  await expect(page.locator('[data-race-finished]')).toHaveCount(1, { timeout: 200_000 });
  const out = testInfo.outputPath('race-finished.png');
  await page.screenshot({ path: out, fullPage: true });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    const docs = path.join(REPO_ROOT, 'docs', 'screenshots', 'race.png');
    fs.mkdirSync(path.dirname(docs), { recursive: true });
    fs.copyFileSync(out, docs);
  }
});
