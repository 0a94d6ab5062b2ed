// No English left in the Chinese interface: every view, with every <details> open, its text,
// its dropdowns' options and its tooltips and accessible names (title, aria-label,
// placeholder). The allowlist (loss ids, library names, symbols, units, code words,
// citations) is helpers.ts's ALLOWED_IN_CHINESE.
import { expect, test } from '@playwright/test';
import { englishLeft, openApp } from './helpers';

test('in Chinese, no view shows English in its text, options, titles, labels or placeholders', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('lang').selectOption('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
  const found: string[] = [];
  for (const view of ['scene', 'gradients', 'curves', 'classes', 'race', 'learn']) {
    await page.locator(`[data-view="${view}"]`).click();
    await expect(page.locator(`[data-view="${view}"]`)).toHaveAttribute('aria-selected', 'true');
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
    });
    await page.waitForTimeout(200);
    for (const w of await englishLeft(page)) found.push(`${view}: ${w}`);
  }
  expect(found, 'English words in the Chinese interface').toEqual([]);
});
