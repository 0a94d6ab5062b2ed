// Presenter mode at a projector's 1440×900: tour step 4 (the size sweep) and step 1 (the
// board reduced to BCE and weighted CE). UPDATE_SCREENSHOT=1 copies step 4 into
// docs/screenshots/presenter.png and step 1 into docs/screenshots/presenter-board.png.
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, openApp } from './helpers';

test('presenter mode on tour steps 1 and 4, at 1440×900', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await page.getByTestId('presenter-toggle').click();
  await page.getByTestId('tour-start').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '1');
  await page.waitForTimeout(500);
  const board = testInfo.outputPath('presenter-step1.png');
  await page.screenshot({ path: board });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.copyFileSync(board, path.join(REPO_ROOT, 'docs', 'screenshots', 'presenter-board.png'));
  }
  for (const n of [2, 3, 4]) {
    await page.getByTestId('tour-next').click();
    await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
  }
  await expect(page.locator('[data-chart-status="size-sweep"]')).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000,
  });
  // Show the tour's bar with the chart under it.
  await page.evaluate(() => {
    const bar = document.querySelector('[data-tour-step]');
    if (bar) window.scrollTo(0, bar.getBoundingClientRect().top + window.scrollY - 8);
  });
  await page.waitForTimeout(800);
  const out = testInfo.outputPath('presenter.png');
  await page.screenshot({ path: out });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    const docs = path.join(REPO_ROOT, 'docs', 'screenshots', 'presenter.png');
    fs.mkdirSync(path.dirname(docs), { recursive: true });
    fs.copyFileSync(out, docs);
  }
});
