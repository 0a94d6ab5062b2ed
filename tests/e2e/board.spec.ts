// The page loads cleanly and its board shows a finite value for each of the ten losses.
import { expect, test, type Page } from '@playwright/test';
import {
  LOSSES,
  boardChangedFrom,
  exportCase,
  numericBoard,
  openApp,
  readBoard,
  settledBoard,
  watchErrors,
  type Case,
} from './helpers';

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
  for (const loss of LOSSES.filter((l) => l !== 'bce_dice')) {
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
