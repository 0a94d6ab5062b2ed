// Screenshots of the compound losses' learn cards and their two tour steps (not tests), in
// English and Chinese: `LOSSLAB_SHOTS=<dir>` saves them there too.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openApp } from './helpers';

async function save(page: Page, name: string, out: string, fullPage = false) {
  await page.screenshot({ path: out, fullPage });
  const dir = process.env.LOSSLAB_SHOTS;
  if (dir) fs.copyFileSync(out, path.join(dir, name));
}

for (const lang of ['en', 'zh']) {
  for (const loss of ['dice_ce', 'topk_ce', 'lovasz_hinge', 'unified_focal', 'combo']) {
    test(`card of ${loss} in ${lang}`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openApp(page);
      await page.getByTestId('lang').selectOption(lang);
      await page.getByTestId('current-loss').selectOption(loss);
      await page.locator('[data-view="learn"]').click();
      const card = page.locator(`[data-formula="${loss}"]`);
      await expect(card).toHaveAttribute('open', '');
      await card.scrollIntoViewIfNeeded();
      const name = `card-${loss}-${lang}.png`;
      await card.screenshot({ path: testInfo.outputPath(name) });
      const dir = process.env.LOSSLAB_SHOTS;
      if (dir) fs.copyFileSync(testInfo.outputPath(name), path.join(dir, name));
    });
  }
  for (const [n, w, h] of [[12, 1440, 900], [13, 1440, 900], [12, 1280, 720], [13, 1280, 720]]) {
    test(`tour step ${n} in ${lang} at ${w}×${h}`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: w, height: h });
      await openApp(page);
      await page.getByTestId('lang').selectOption(lang);
      await page.goto('about:blank');
      await page.goto(`/#tour=${n}`);
      await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
      await page.waitForTimeout(3000);
      const name = `tour-${n}-${lang}-${w}x${h}.png`;
      await save(page, name, testInfo.outputPath(name));
    });
  }
}
