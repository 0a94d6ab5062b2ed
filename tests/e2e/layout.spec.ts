// Layout at classroom screen sizes (issue 15): the controls of the tiny-object story on the
// first screen, and no label or dropdown cut short, in English and Chinese, in every view.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;
const VIEWS = ['scene', 'gradients', 'curves', 'classes', 'race', 'learn'] as const;
const LANGS = ['en', 'zh'] as const;

async function openView(page: Page, view: string) {
  await page.locator(`[data-view="${view}"]`).click();
  await expect(page.locator(`[data-view="${view}"]`)).toHaveAttribute('aria-selected', 'true');
}

async function setLang(page: Page, lang: string) {
  await page.getByTestId('lang').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

for (const size of SIZES) {
  for (const lang of LANGS) {
    test(`first screen at ${size.width}×${size.height} (${lang}): object size, generator and background p above the fold`, async ({
      page,
    }) => {
      await page.setViewportSize(size);
      await openApp(page);
      await setLang(page, lang);
      await page.evaluate(() => window.scrollTo(0, 0));
      for (const id of ['object-size', 'generator', 'background-confidence']) {
        const box = await page.getByTestId(id).boundingBox();
        expect(box, `${id} is laid out`).not.toBeNull();
        if (!box) continue;
        expect(box.x, `${id}: left edge inside`).toBeGreaterThanOrEqual(0);
        expect(box.y, `${id}: top edge inside`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${id}: right edge inside`).toBeLessThanOrEqual(size.width);
        expect(box.y + box.height, `${id}: bottom edge above the fold`).toBeLessThanOrEqual(size.height);
      }
      if (size.width === 1440) {
        // The board stays in sight: the first loss card's value is on the first screen.
        const value = await page.locator('[data-loss-row] [data-loss][data-value]').first().boundingBox();
        expect(value, 'the first loss value is laid out').not.toBeNull();
        if (value) expect(value.y + value.height, 'the board starts on the first screen').toBeLessThanOrEqual(size.height);
      }
    });
  }
}

interface Cut {
  what: string;
  text: string;
  need: number;
  have: number;
}

/**
 * Every visible element with text that clips it (overflow hidden/clip or text-overflow
 * ellipsis) and whose content is wider than its box, and every visible `<select>` with an
 * option wider than the select's text area (its inner width less the arrow's 20 px),
 * measured with a canvas in the select's own font. Chromium gives a select of automatic width
 * its widest option plus 20–21 px for the arrow, so such a select passes; one narrowed by
 * the layout (a grid cell, a fixed width) fails when an option no longer fits.
 */
async function cutShort(page: Page): Promise<Cut[]> {
  return page.evaluate(() => {
    const seen = (el: Element) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    const name = (el: Element) => {
      const id = el.getAttribute('data-testid') ?? el.getAttribute('data-param');
      const row = el.closest('[data-loss-row]')?.getAttribute('data-loss-row');
      return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${id ? `[${id}]` : ''}${row ? ` in ${row}` : ''}`;
    };
    const cuts: Cut[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el instanceof HTMLSelectElement || !seen(el)) continue;
      const text = (el.innerText ?? '').trim();
      if (!text) continue;
      const cs = getComputedStyle(el);
      // A visually hidden element (the skip links until focused) is clipped on purpose.
      if (cs.clipPath !== 'none') continue;
      const clips = cs.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(cs.overflowX);
      if (clips && el.scrollWidth > el.clientWidth) {
        cuts.push({ what: name(el), text, need: el.scrollWidth, have: el.clientWidth });
      }
    }
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) throw new Error('no 2d canvas context');
    const ARROW = 20;
    for (const sel of document.querySelectorAll('select')) {
      if (!seen(sel)) continue;
      const cs = getComputedStyle(sel);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const have = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - ARROW;
      for (const opt of sel.options) {
        const need = ctx.measureText(opt.text).width;
        if (need > have) cuts.push({ what: name(sel), text: opt.text, need: Math.ceil(need), have });
      }
    }
    return cuts;
  });
}

/** Opens every `<details>` (the learn cards, the race's settings) so their labels are measured too. */
async function openAllDetails(page: Page) {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
}

for (const size of SIZES) {
  for (const lang of LANGS) {
    test(`no label or option is cut short at ${size.width}×${size.height} in ${lang}, in any view`, async ({ page }) => {
      await page.setViewportSize(size);
      await openApp(page);
      await setLang(page, lang);
      const found: string[] = [];
      for (const view of VIEWS) {
        await openView(page, view);
        await openAllDetails(page);
        await page.waitForTimeout(200);
        for (const c of await cutShort(page)) {
          found.push(`${view}: ${c.what} "${c.text}" needs ${c.need} px, has ${c.have}`);
        }
      }
      expect(found, 'labels and options cut short').toEqual([]);
    });
  }
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} the race's summary table fits its card`, async ({ page }) => {
    await page.setViewportSize(size);
    await openApp(page);
    await openView(page, 'race');
    // One step so every column has a number in it.
    await page.getByTestId('race-step').click();
    await expect(page.locator('[data-race-step]')).toHaveAttribute('data-race-step', '1');
    const fit = await page.locator('.race-summary').evaluate((card) => {
      const table = card.querySelector('table')!;
      const c = card.getBoundingClientRect();
      const t = table.getBoundingClientRect();
      // A number cell broken over two lines is as bad as a cut one.
      const wrapped = [...table.querySelectorAll('td span')].filter((s) => s.getClientRects().length > 1).length;
      return { card: c.right, table: t.right, wrapped };
    });
    expect(fit.table, 'the table ends inside its card').toBeLessThanOrEqual(fit.card + 0.5);
    expect(fit.wrapped, 'no number wraps').toBe(0);
  });
}
