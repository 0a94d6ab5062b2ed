// Keyboard use: the view tabs follow the WAI-ARIA tabs pattern (one tab stop, arrows move,
// Home/End jump, focus follows), skip links reach the loss board and the open view, and a
// parameter's reset is reached from its slider (Delete) instead of costing a tab stop.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

const VIEWS = ['scene', 'gradients', 'curves', 'classes', 'race', 'data', 'learn'];

/** The `data-view` of the focused element (a tab), or null. */
const focusedView = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-view') ?? null);
const openView = (page: Page) => page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-view');

test('the view tabs: one tab stop; arrows, Home and End open and focus a view', async ({ page }) => {
  await openApp(page);
  const tabs = page.locator('[role="tab"]');
  await expect(tabs).toHaveCount(VIEWS.length);
  // Only the open tab is in the tab order, and it controls the panel it labels.
  await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
  await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveAttribute('data-view', 'scene');
  await expect(page.locator('[role="tabpanel"]')).toHaveAttribute('aria-labelledby', 'tab-scene');
  await page.locator('[data-view="scene"]').focus();
  const steps: [string, string][] = [
    ['ArrowRight', 'gradients'],
    ['ArrowRight', 'curves'],
    ['End', 'learn'],
    ['ArrowRight', 'scene'], // wraps
    ['ArrowLeft', 'learn'], // wraps back
    ['Home', 'scene'],
  ];
  for (const [key, view] of steps) {
    await page.keyboard.press(key);
    expect(await openView(page), `${key} opens ${view}`).toBe(view);
    expect(await focusedView(page), `${key} focuses ${view}'s tab`).toBe(view);
    await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveAttribute('data-view', view);
    await expect(page.locator('[role="tabpanel"]')).toHaveAttribute('aria-labelledby', `tab-${view}`);
  }
  // Tab leaves the bar: the next stop is not another tab.
  await page.keyboard.press('Tab');
  expect(await focusedView(page)).toBeNull();
});

test('skip links: the first stops of the page, to the loss board and to the open view', async ({ page }) => {
  await openApp(page);
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-board')).toBeFocused();
  await expect(page.getByTestId('skip-board')).toBeVisible();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.classList.contains('board'))).toBe(true);
  // The next Tab lands inside the board, not back at the top of the page.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('.board'))).toBe(true);

  await page.getByTestId('skip-view').focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tabpanel');
  // In a view without the board, only the view's skip link is offered.
  await page.locator('[data-view="race"]').click();
  await expect(page.getByTestId('skip-board')).toHaveCount(0);
  await expect(page.getByTestId('skip-view')).toHaveCount(1);
});

test("a parameter's reset: not a tab stop, Delete on its slider resets it", async ({ page }) => {
  await openApp(page);
  const row = page.locator('[data-loss-row="tversky"]');
  const number = row.locator('input[type="number"][data-param="alpha"]');
  const slider = row.locator('.field', { has: page.locator('input[type="number"][data-param="alpha"]') }).locator('input[type="range"]');
  const reset = row.locator('button[data-reset="alpha"]');
  await expect(reset).toHaveAttribute('tabindex', '-1');
  const initial = await number.inputValue();
  await slider.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect(number).not.toHaveValue(initial);
  // Tab from the slider goes to its number field, then past the reset to the next control.
  await page.keyboard.press('Tab');
  await expect(number).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(reset).not.toBeFocused();
  await slider.focus();
  await page.keyboard.press('Delete');
  // The article's default for Tversky's α (losses.md §6: alpha = 0.7).
  await expect(number).toHaveValue('0.7');
});
