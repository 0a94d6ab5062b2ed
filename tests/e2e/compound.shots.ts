// Pictures of the new losses in the views (not tests): the board's compound card and the
// compound group of the gradient maps, and the parameter sweep over top-k's k, in English and
// Chinese, at 1400×1000. Written to the test output directory (and to $COMPOUND_SHOTS if set).
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openApp } from './helpers';

function keep(out: string, name: string) {
  const dir = process.env.COMPOUND_SHOTS;
  if (dir) fs.copyFileSync(out, path.join(dir, name));
}

async function open(page: Page, lang: string, link = '/', view = 'scene') {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openApp(page, link);
  await page.getByTestId('lang').selectOption(lang);
  await page.locator(`[data-view="${view}"]`).click();
}

for (const lang of ['en', 'zh']) {
  test(`the compound card and the new losses on the board (${lang})`, async ({ page }, testInfo) => {
    await open(page, lang, '/#v1&compound.schedule=linear&compound.steps=300&compound.b_end=0.25');
    const card = page.getByTestId('compound-card');
    await card.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const out = testInfo.outputPath(`board-compound-${lang}.png`);
    // From the heading of the seven new losses to the end of the compound card.
    const top = await page.getByTestId('board-group-compound').boundingBox();
    const bottom = await card.boundingBox();
    const board = await page.locator('section.board').boundingBox();
    if (!top || !bottom || !board) throw new Error('the board is not laid out');
    const scroll = await page.evaluate(() => window.scrollY);
    const clip = { x: board.x, y: top.y + scroll - 4, width: board.width, height: bottom.y + bottom.height - top.y + 8 };
    await page.screenshot({ path: out, fullPage: true, clip });
    keep(out, `board-compound-${lang}.png`);
  });

  test(`the gradient maps' compound group (${lang})`, async ({ page }, testInfo) => {
    await open(page, lang, '/#v1&maps.group=compound', 'gradients');
    await expect(page.locator('canvas[data-gradient-map="compound"]')).toBeVisible();
    const map = page.locator('canvas[data-gradient-map="compound"]');
    const box = await map.boundingBox();
    if (box) await page.mouse.move(box.x + box.width * 0.47, box.y + box.height * 0.53);
    await page.waitForTimeout(500);
    const out = testInfo.outputPath(`maps-compound-${lang}.png`);
    await page.screenshot({ path: out, fullPage: true });
    keep(out, `maps-compound-${lang}.png`);
  });

  test(`the parameter sweep over k (${lang})`, async ({ page }, testInfo) => {
    await open(page, lang, '/#v1&curves.sweep_param=k&curves.losses=bce,dice,dice_focal,unified_focal', 'curves');
    await expect(page.locator('[data-chart-status="param-sweep"]')).toHaveAttribute('data-state', 'ready', {
      timeout: 60_000,
    });
    await page.waitForTimeout(500);
    const out = testInfo.outputPath(`param-sweep-k-${lang}.png`);
    await page.locator('[data-chart="param-sweep"]').screenshot({ path: out });
    keep(out, `param-sweep-k-${lang}.png`);
  });
}
