// Pictures of the multi-class view (not tests): the default organ-lesion scene, and three
// organs with companions in the batch and a painted stroke. Into test-results/ (and docs/
// screenshots with UPDATE_SCREENSHOT=1: the batch one), like the other shots.
import { expect, test } from '@playwright/test';
import { stroke } from './helpers';

// The batch picture is the README's (docs/screenshots with UPDATE_SCREENSHOT=1); the others
// stay in test-results/.
const DIR = process.env.UPDATE_SCREENSHOT ? 'docs/screenshots' : 'test-results';

test('multi-class view', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1100 });
  await page.goto('/#v1&view=classes');
  await expect(page.locator('[data-mc-value]')).toHaveAttribute('data-value', /^[0-9]/);
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/classes-default.png', fullPage: true });

  await page.getByTestId('mc-preset').selectOption('three-organs');
  await page.getByTestId('mc-companion-empty').check();
  await page.getByTestId('mc-companion-tiny').check();
  await page.getByTestId('mc-companion-large').check();
  await page.getByTestId('mc-companion-seed').check();
  await page.locator('[data-mc-class="2"]').click();
  await stroke(page, page.locator('canvas[data-mc-layer="target"]'), { yFrac: 0.9, x0Frac: 0.5 });
  await page.locator('[data-mc-confidence="3"]').fill('0.4');
  await page.locator('[data-mc-confidence="3"]').press('Enter');
  await page.locator('[data-mc-shift="1"]').fill('4');
  await page.locator('[data-mc-shift="1"]').press('Enter');
  await expect(page.locator('[data-mc-thumb]')).toHaveCount(5);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${DIR}/classes.png`, fullPage: true });

  await page.getByTestId('lang').selectOption('zh');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/classes-zh.png', fullPage: true });
});
