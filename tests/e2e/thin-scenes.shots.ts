// A picture (not a test) of a thin-structure scene (issue 17): a branching tree, predicted
// with a gap of 3 px and a spur of 4 px, at 1400×1000.
import { test } from '@playwright/test';
import { openApp, setInput, settledBoard } from './helpers';

test('a tree broken by a gap, with a false branch', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openApp(page);
  await page.getByTestId('generator').selectOption('tree');
  await setInput(page.getByTestId('object-size'), 100);
  await setInput(page.getByTestId('pred-gap'), 3);
  await setInput(page.getByTestId('pred-spur'), 4);
  await settledBoard(page);
  await page.locator('.canvases').screenshot({ path: testInfo.outputPath('thin-tree-canvases.png') });
  await page.screenshot({ path: testInfo.outputPath('thin-tree-page.png'), fullPage: true });
  const errors = page.getByTestId('pred-gap').locator('xpath=ancestor::section[1]');
  await errors.screenshot({ path: testInfo.outputPath('thin-tree-errors.png') });
});
