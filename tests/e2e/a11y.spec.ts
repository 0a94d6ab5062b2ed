// axe-core on every view (and the tour bar, and Chinese): no serious or critical violations.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

// The page's CSP (rightly) refuses injected scripts; axe is the test's own instrument.
test.use({ bypassCSP: true });

async function axe(page: Page, what: string) {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')),
    }));
  });
  const bad = result.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${what}: serious or critical axe violations`).toEqual([]);
}

for (const view of ['scene', 'gradients', 'curves', 'classes', 'race', 'learn']) {
  test(`axe: the ${view} view`, async ({ page }) => {
    await openApp(page);
    await page.locator(`[data-view="${view}"]`).click();
    await page.waitForTimeout(300);
    await axe(page, view);
  });
}

test('axe: the tour bar, in Chinese', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('lang').selectOption('zh');
  await page.getByTestId('tour-start').click();
  await page.waitForTimeout(500);
  await axe(page, 'tour step 1, zh');
});

test('every control is reachable by keyboard with a visible focus', async ({ page }) => {
  await openApp(page);
  // Tab through the page: each focused element shows an outline (or box-shadow).
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      const id = el.getAttribute('data-testid') ?? el.getAttribute('data-view') ?? el.getAttribute('data-layer') ?? el.tagName;
      return { id, visible };
    });
    if (!info) continue;
    expect(info.visible, `focus visible on ${info.id}`).toBe(true);
    seen.add(info.id);
  }
  // The view tabs are one tab stop, the open one (the others are reached with the arrow keys:
  // keyboard.spec.ts).
  for (const id of ['skip-board', 'skip-view', 'lang', 'current-loss', 'tour-start', 'scene', 'target']) {
    expect(seen.has(id), `${id} reachable by Tab`).toBe(true);
  }
});
