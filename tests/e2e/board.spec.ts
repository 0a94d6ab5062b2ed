// The page loads cleanly and its board shows a finite value for each of the seventeen losses.
import { expect, test, type Page } from '@playwright/test';
import {
  ALL_LOSSES,
  LOSSES,
  boardChangedFrom,
  exportCase,
  numericBoard,
  openApp,
  readBoard,
  setInput,
  settledBoard,
  watchErrors,
  type Case,
} from './helpers';

test('the page loads without errors and the board shows seventeen finite values', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openApp(page);
  const board = await readBoard(page);
  expect(Object.keys(board).sort(), 'exactly the losses of losses.md and losses-compound.md').toEqual(
    [...ALL_LOSSES].sort(),
  );
  numericBoard(board);
  for (const loss of ALL_LOSSES) {
    expect(Number.isFinite(Number(board[loss])), `${loss} is a finite number (${board[loss]})`).toBe(true);
  }
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
  expect([...options].sort(), 'current-loss offers every loss').toEqual([...ALL_LOSSES].sort());
  // Let effects that run after the first paint report their errors too.
  await page.waitForTimeout(500);
  expect(errors, 'no console errors, page errors or failed requests').toEqual([]);
});

/**
 * BCE + Dice of a case, computed here from losses.md (not by the app): `w_bce·BCE +
 * w_dice·(1 − D)`, BCE the pixel mean of `−(y ln p̂ + (1 − y) ln(1 − p̂))` with
 * `p̂ = clamp(p, 1e-7, 1 − 1e-7)`, `D = (2I + s)/(Sy + Sp + s)`, `s` the case's `smooth` or its
 * default 1 (losses.md §4), not squared.
 */
function bceDiceOf(c: Case, wBce: number, wDice: number): number {
  expect(c.params?.squared ?? false, 'the plain (not squared) Dice denominator').toBe(false);
  const s = Number(c.params?.smooth ?? 1);
  const y = c.target;
  const p = c.prob ?? (c.logit ?? []).map((z) => 1 / (1 + Math.exp(-z)));
  expect(p.length).toBe(y.length);
  let bce = 0;
  let inter = 0;
  let sy = 0;
  let sp = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], 1e-7), 1 - 1e-7);
    bce -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
    inter += y[i] * p[i];
    sy += y[i];
    sp += p[i];
  }
  bce /= y.length;
  return wBce * bce + wDice * (1 - (2 * inter + s) / (sy + sp + s));
}

async function openView(page: Page, view: string) {
  await page.locator(`[data-view="${view}"]`).click();
  await expect(page.locator(`[data-view="${view}"]`)).toHaveAttribute('aria-selected', 'true');
}

test("bce_dice's weights: the article's 0.001 or the libraries' 1 : 1, on the board and in the MONAI code", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openApp(page);
  await page.getByTestId('current-loss').selectOption('bce_dice');
  const preset = page.getByTestId('bce-dice-preset');
  await expect(preset).toHaveAttribute('data-preset', 'article');
  const before = await settledBoard(page);
  const article = await exportCase(page);
  expect(article.loss).toBe('bce_dice');
  // The article's weights (losses.md §10: w_bce = 1e-3, w_dice = 1) are the defaults.
  expect(article.params?.w_bce).toBeUndefined();
  const close = (got: string, want: number) =>
    expect(Math.abs(Number(got) - want), `${got} vs ${want}`).toBeLessThanOrEqual(1e-9 * Math.max(1, want));
  close(before.bce_dice, bceDiceOf(article, 1e-3, 1));

  // The libraries' 1 : 1 (MONAI's DiceCELoss: lambda_dice = 1.0, lambda_ce = 1.0).
  await preset.selectOption('libraries');
  await expect(preset).toHaveAttribute('data-preset', 'libraries');
  const after = await boardChangedFrom(page, before, 'choosing the 1 : 1 weights');
  if (process.env.TEACH_SHOTS) {
    await page.locator('[data-loss-row="bce_dice"]').screenshot({ path: `${process.env.TEACH_SHOTS}/bce-dice-card.png` });
  }
  const libraries = await exportCase(page);
  expect(libraries.params).toMatchObject({ w_bce: 1 });
  expect(libraries.target).toEqual(article.target);
  close(after.bce_dice, bceDiceOf(libraries, 1, 1));
  for (const loss of ALL_LOSSES.filter((l) => l !== 'bce_dice')) {
    expect(after[loss], `${loss} does not move`).toBe(before[loss]);
  }
  await openView(page, 'learn');
  await expect(page.locator('[data-code="monai"] code')).toContainText('lambda_ce=1.0, lambda_dice=1.0');

  // And back: the article's weight, in the MONAI call too.
  await openView(page, 'scene');
  await page.getByTestId('bce-dice-preset').selectOption('article');
  await expect(page.getByTestId('bce-dice-preset')).toHaveAttribute('data-preset', 'article');
  await expect.poll(async () => (await readBoard(page)).bce_dice).toBe(before.bce_dice);
  await openView(page, 'learn');
  await expect(page.locator('[data-code="monai"] code')).toContainText('lambda_ce=0.001, lambda_dice=1.0');
  expect(errors).toEqual([]);
});

// ---- Numbers people can read (issue 15): src/ui/format.rs's rule on the board ----

/** What a board value shows: its text, `title`, accessible label and `data-value` hook. */
interface Shown {
  loss: string;
  text: string;
  title: string;
  label: string;
  value: string;
}

async function shownValues(page: Page, visibleOnly = false): Promise<Shown[]> {
  return page.locator('[data-loss-row] output[data-loss]').evaluateAll(
    (els, visibleOnly) =>
      els
        .filter((el) => !visibleOnly || (el as HTMLElement).offsetParent !== null)
        .map((el) => ({
          loss: el.getAttribute('data-loss') ?? '',
          text: (el.textContent ?? '').trim(),
          title: el.getAttribute('title') ?? '',
          label: el.getAttribute('aria-label') ?? '',
          value: el.getAttribute('data-value') ?? '',
        })),
    visibleOnly,
  );
}

/**
 * Checks one shown value against the rule, written here from the issue, not from the app:
 * plain decimals (`0.05195`) or `d.ddde-N`; at most `digits` significant digits (leading
 * zeros do not count, trailing ones do); scientific notation exactly when the shown number
 * is below 1e-3 or above 1e4; the text is the full value rounded to `digits` digits; the
 * hover title and the accessible label carry the full value, which parses to `data-value`.
 */
function checkShown(s: Shown, digits: number): { scientific: boolean } {
  const what = `${s.loss}: "${s.text}" (data-value ${s.value})`;
  const full = Number(s.value);
  expect(Number.isFinite(full), what).toBe(true);
  expect(Number(s.title), `${what}: the title is the full value`).toBe(full);
  expect(s.label, `${what}: the accessible label says the full value`).toContain(s.value);
  if (full === 0) {
    expect(s.text, what).toBe('0');
    return { scientific: false };
  }
  const m = s.text.match(/^-?(\d+)(?:\.(\d+))?(?:e(-?\d+))?$/);
  expect(m, `${what}: a plain or d.ddde-N number`).not.toBeNull();
  const [, int, frac = '', exp] = m!;
  const sigDigits = (int + frac).replace(/^0+/, '').length;
  expect(sigDigits, `${what}: significant digits`).toBeLessThanOrEqual(digits);
  const shown = Number(s.text);
  const outside = Math.abs(shown) < 1e-3 || Math.abs(shown) > 1e4;
  expect(exp !== undefined, `${what}: scientific exactly outside [1e-3, 1e4]`).toBe(outside);
  if (exp !== undefined) expect(int.replace('-', '').length, `${what}: one digit before the point`).toBe(1);
  // The shown number is the full one rounded to `digits` significant digits.
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(full))) - digits + 1);
  expect(Math.abs(shown - full), `${what}: rounded to ${digits} digits`).toBeLessThanOrEqual(0.5001 * unit);
  return { scientific: exp !== undefined };
}

test('board values: at most 4 significant digits, scientific only outside [1e-3, 1e4], the full value on hover', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openApp(page);
  const shown = await shownValues(page);
  expect(shown.map((s) => s.loss).sort()).toEqual([...ALL_LOSSES].sort());
  const kinds = shown.map((s) => checkShown(s, 4).scientific);
  // The default scene has both kinds side by side (issue 15 saw 0.0519533 beside 9.82163e-5).
  expect(kinds, 'some values in scientific notation').toContain(true);
  expect(kinds, 'some plain values').toContain(false);
  // A second scene, with other magnitudes: a larger object and a less confident background.
  await setInput(page.getByTestId('object-size'), 200);
  await setInput(page.getByTestId('background-confidence'), 0.2);
  await expect.poll(async () => JSON.stringify(await shownValues(page))).not.toBe(JSON.stringify(shown));
  for (const s of await shownValues(page)) checkShown(s, 4);
  // Aligned: tabular digits, right-aligned in a column of one width.
  const styles = await page.locator('[data-loss-row] output[data-loss]').evaluateAll((els) =>
    els.map((el) => {
      const cs = getComputedStyle(el);
      return { nums: cs.fontVariantNumeric, align: cs.textAlign, width: el.getBoundingClientRect().width };
    }),
  );
  for (const st of styles) {
    expect(st.nums).toContain('tabular-nums');
    expect(st.align).toBe('right');
  }
  expect(new Set(styles.map((st) => Math.round(st.width))).size, 'one column width').toBe(1);
  expect(errors).toEqual([]);
});

/** The losses whose board rows are visible. */
async function visibleRows(page: Page): Promise<string[]> {
  return page
    .locator('[data-loss-row]')
    .evaluateAll((els) =>
      els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => el.getAttribute('data-loss-row') ?? ''),
    );
}

async function valueFontSize(page: Page, loss: string): Promise<number> {
  return page
    .locator(`[data-loss-row="${loss}"] output[data-loss]`)
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

test('presenter mode: larger type, the board reduced to the losses of the tour step, 3 significant digits', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openApp(page);
  const toggle = page.getByTestId('presenter-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await visibleRows(page)).toHaveLength(ALL_LOSSES.length);
  const smallFont = await valueFontSize(page, 'dice');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.app')).toHaveClass(/\bpresenter\b/);
  expect(await valueFontSize(page, 'dice'), 'larger type').toBeGreaterThan(smallFont * 1.5);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('ui.presenter=1');
  // Outside the tour: the current loss (dice by default), and a "show all" button.
  expect(await visibleRows(page)).toEqual(['dice']);
  await page.getByTestId('presenter-show-all').click();
  expect(await visibleRows(page)).toHaveLength(ALL_LOSSES.length);
  for (const s of await shownValues(page)) checkShown(s, 3);
  await page.getByTestId('presenter-show-all').click();
  expect(await visibleRows(page)).toEqual(['dice']);

  // The tour: each scene step's losses (learn/about.rs: C1 BCE vs weighted CE; C3 focal vs
  // BCE; C6 Tversky with Dice and Jaccard; C7 sensitivity–specificity alone).
  const want: Record<number, string[]> = {
    1: ['bce', 'wce'],
    3: ['bce', 'focal'],
    6: ['dice', 'iou', 'tversky'],
    7: ['sensitivity_specificity'],
  };
  await page.getByTestId('tour-start').click();
  for (let n = 1; n <= 7; n++) {
    await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
    if (want[n]) {
      await expect.poll(async () => (await visibleRows(page)).sort(), `step ${n}`).toEqual(want[n]);
      const shown = await shownValues(page, true);
      expect(shown.map((s) => s.loss).sort()).toEqual(want[n]);
      for (const s of shown) checkShown(s, 3);
    }
    if (n < 7) await page.getByTestId('tour-next').click();
  }

  // Off again: all seventeen rows, four digits.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('.app')).not.toHaveClass(/\bpresenter\b/);
  expect(await visibleRows(page)).toHaveLength(ALL_LOSSES.length);
  expect(await valueFontSize(page, 'dice')).toBe(smallFont);
  for (const s of await shownValues(page)) checkShown(s, 4);
  expect(errors).toEqual([]);
});

test('a link with ui.presenter=1 opens in presenter mode', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, '/#v1&ui.presenter=1&loss=focal');
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.app')).toHaveClass(/\bpresenter\b/);
  expect(await visibleRows(page)).toEqual(['focal']);
  await expect(page.getByTestId('notice')).toBeHidden();
  expect(errors).toEqual([]);
});
