// Pictures of the geometry overlays (not tests): the default disc, the thin line with its
// skeleton, the branching tree, and a full target's phantom map, at 1400×1000. UPDATE_SCREENSHOT=1 copies them
// into docs/screenshots/.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, readBoard, setInput } from './helpers';

async function shoot(page: Page, name: string, out: string) {
  const panel = page.locator('[data-panel="geometry-overlays"]');
  await panel.scrollIntoViewIfNeeded();
  // Hover just outside the object's left edge on the target's map, for the read-out.
  const box = await page.locator('canvas[data-overlay="target-sdm"]').boundingBox();
  if (box) await page.mouse.move(box.x + box.width * 0.42, box.y + box.height * 0.5);
  await page.waitForTimeout(500);
  await panel.screenshot({ path: out });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.copyFileSync(out, path.join(REPO_ROOT, 'docs', 'screenshots', name));
  }
}

async function scene(page: Page, generator: string) {
  await page.locator('[data-view="scene"]').click();
  await page.getByTestId('generator').selectOption(generator);
  await page.locator('[data-view="gradients"]').click();
}

test('the geometry overlays', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/');
  await expect.poll(async () => Object.keys(await readBoard(page)).length).toBeGreaterThanOrEqual(17);
  await page.locator('[data-view="gradients"]').click();
  await shoot(page, 'overlays-disc.png', testInfo.outputPath('overlays-disc.png'));
  await scene(page, 'line');
  await setInput(page.getByTestId('skeleton-iterations'), 5);
  await shoot(page, 'overlays-line.png', testInfo.outputPath('overlays-line.png'));
  await scene(page, 'tree');
  await shoot(page, 'overlays-tree.png', testInfo.outputPath('overlays-tree.png'));
  await scene(page, 'empty');
  await page.locator('[data-view="scene"]').click();
  await page.getByTestId('invert').click();
  await page.locator('[data-view="gradients"]').click();
  await shoot(page, 'overlays-full.png', testInfo.outputPath('overlays-full.png'));
});
