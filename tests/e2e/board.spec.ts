// The page loads cleanly and its board shows a finite value for each of the ten losses.
import { expect, test } from '@playwright/test';
import { LOSSES, numericBoard, openApp, readBoard, watchErrors } from './helpers';

test('the page loads without errors and the board shows ten finite values', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openApp(page);
  const board = await readBoard(page);
  expect(Object.keys(board).sort(), 'exactly the ten losses of losses.md').toEqual(
    [...LOSSES].sort(),
  );
  numericBoard(board);
  // The painting canvases and the main controls of testing-hooks.md are there.
  await expect(page.locator('canvas[data-layer="target"]')).toBeVisible();
  await expect(page.locator('canvas[data-layer="prediction"]')).toBeVisible();
  for (const id of ['object-size', 'background-confidence', 'current-loss']) {
    await expect(page.getByTestId(id), `data-testid="${id}"`).toHaveCount(1);
  }
  // Each option of current-loss names a loss.
  const options = await page
    .getByTestId('current-loss')
    .locator('option')
    .evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
  expect([...options].sort(), 'current-loss offers the ten losses').toEqual([...LOSSES].sort());
  // Let effects that run after the first paint report their errors too.
  await page.waitForTimeout(500);
  expect(errors, 'no console errors, page errors or failed requests').toEqual([]);
});
