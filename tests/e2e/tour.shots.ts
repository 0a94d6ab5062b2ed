// Screenshots of the claims tour for docs/screenshots/ (not tests): its docked bar with the
// outlined element on a chart step and on a race step, at 1280×720 (a projector's size).
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';

for (const n of [4, 9]) {
  test(`tour step ${n} at 1280×720`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`/#tour=${n}`);
    await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
    // The tour reveals its element once the charts have settled.
    await page.waitForTimeout(3000);
    const out = testInfo.outputPath(`tour-${n}.png`);
    await page.screenshot({ path: out });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      const docs = path.join(REPO_ROOT, 'docs', 'screenshots', `tour-${n}-1280x720.png`);
      fs.copyFileSync(out, docs);
    }
  });
}
