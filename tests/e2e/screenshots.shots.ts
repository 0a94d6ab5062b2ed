// Screenshots for the README and for looking at the app: not tests (they assert only what
// they need to reach their state), so they run in their own Playwright project, outside
// `./scripts/test.sh`: `./scripts/screenshots.sh` (UPDATE_SCREENSHOT=1 also copies them into
// docs/).
import { expect, test, type Page, type TestInfo } from '@playwright/test';
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

/** Copies a picture from the test's output into docs/screenshots/ when UPDATE_SCREENSHOT=1. */
function keep(out: string, name: string): void {
  if (process.env.UPDATE_SCREENSHOT !== '1') return;
  const docs = path.join(REPO_ROOT, 'docs', 'screenshots', name);
  fs.mkdirSync(path.dirname(docs), { recursive: true });
  fs.copyFileSync(out, docs);
}

/** The first screen (the viewport at scroll 0, not the full page) once the board is drawn. */
async function firstScreen(page: Page, testInfo: TestInfo, name: string, lang = 'en'): Promise<void> {
  await openApp(page);
  if (lang !== 'en') {
    await page.getByTestId('lang').selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  const out = testInfo.outputPath(name);
  await page.screenshot({ path: out });
  await testInfo.attach(name, { path: out, contentType: 'image/png' });
  keep(out, name);
}

for (const [width, height] of [
  [1440, 900],
  [1280, 720],
] as const) {
  test(`the first screen at ${width}×${height}`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height });
    await firstScreen(page, testInfo, `first-screen-${width}x${height}.png`);
  });
}

test('the first screen at 1440×900, in Chinese', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await firstScreen(page, testInfo, 'first-screen-1440x900-zh.png', 'zh');
});

test('the first screen at 1440×900, device pixel ratio 2', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await firstScreen(page, testInfo, 'first-screen-1440x900@2x.png');
  await context.close();
});
