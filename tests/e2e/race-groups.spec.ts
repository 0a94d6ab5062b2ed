// The race with every loss: the group menu (keyboard), the compound runner with its two
// parts and the weights its schedule moves, the Dice + CE and ramp presets, and the new link
// keys (race.group, race.compound) through a reload and a fresh browser.
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './helpers';

const ARTICLE = [
  'bce', 'wce', 'focal', 'dice', 'iou', 'tversky', 'focal_tversky', 'sensitivity_specificity',
  'generalized_dice', 'bce_dice',
];
const COMPOUND = ['dice_ce', 'dice_focal', 'topk_ce', 'lovasz_hinge', 'log_cosh_dice', 'combo', 'unified_focal'];
const GEOMETRY = ['boundary', 'hausdorff_dt', 'cldice', 'dice_cldice'];

/** Opens the page at `url` and the race view (waiting for the app, not for the board). */
async function openRace(page: Page, url = '/'): Promise<void> {
  await page.goto(url);
  await page.locator('[data-view="race"]').click({ timeout: 20_000 });
  await expect(page.getByTestId('race-preset')).toBeVisible();
}

async function rows(page: Page): Promise<string[]> {
  return page.locator('tr[data-race-loss]').evaluateAll((els) => els.map((e) => e.getAttribute('data-race-loss') ?? ''));
}

async function stepTo(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await page.getByTestId('race-step').click();
  await expect(page.locator('[data-race-step]')).toHaveAttribute('data-race-step', String(n));
}

/** The link the autosave writes, once it has caught up with the page (300 ms debounce). */
async function settledHash(page: Page): Promise<string> {
  let last: string | null = null;
  await expect
    .poll(async () => {
      const now = await page.evaluate(() => location.hash);
      const same = now !== '' && now === last;
      last = now;
      return same;
    }, { intervals: [500], timeout: 10_000 })
    .toBe(true);
  return last ?? '';
}

test('the article\'s ten race by default; the group menu, by keyboard, races the compound seven, the geometry four or all', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await openRace(page);
  const group = page.getByTestId('race-group');
  await expect(group).toHaveValue('article');
  expect(await rows(page)).toEqual(ARTICLE);
  // Keyboard only: focus the menu and move down one option (Chromium changes a focused
  // closed <select> with the arrow keys).
  await group.focus();
  await page.keyboard.press('ArrowDown');
  await expect(group).toHaveValue('compound');
  await expect.poll(() => rows(page)).toEqual(['dice', ...COMPOUND]);
  await page.keyboard.press('ArrowDown');
  await expect(group).toHaveValue('geometry');
  await expect.poll(() => rows(page)).toEqual(['dice', ...GEOMETRY]);
  await page.keyboard.press('ArrowDown');
  await expect(group).toHaveValue('all');
  await expect.poll(() => rows(page)).toEqual([...ARTICLE, ...COMPOUND, ...GEOMETRY]);
  await expect(page.locator('.race-key')).toHaveCount(21);
  await stepTo(page, 2);
  const dice = await page
    .locator('tr[data-race-loss]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-val-dice'))));
  expect(dice).toHaveLength(21);
  for (const d of dice) expect(d >= 0 && d <= 1, `validation Dice ${d} in [0, 1]`).toBe(true);
  // A checkbox makes the list one's own.
  await page.locator('input[data-race-toggle="combo"]').uncheck();
  await expect(group).toHaveValue('custom');
  expect(await rows(page)).not.toContain('combo');
  // Picking a runner in the legend presses its button (the charts draw it over the others).
  const key = page.locator('.race-key[data-race-label="dice_ce"]');
  await key.click();
  await expect(key).toHaveAttribute('aria-pressed', 'true');
  await key.click();
  await expect(key).toHaveAttribute('aria-pressed', 'false');
  expect(errors).toEqual([]);
});

test('the compound runner trains beside the losses and shows its two parts', async ({ page }) => {
  const errors = watchErrors(page);
  await openRace(page);
  await page.getByTestId('race-preset').selectOption('crop');
  await page.getByTestId('race-compound').selectOption('builder');
  const row = page.locator('tr[data-race-loss="compound"]');
  await expect(row).toHaveAttribute('data-race-label', 'dice + topk_ce');
  await expect(row).toHaveAttribute('data-parts', 'dice,topk_ce');
  await expect(page.locator('.race-key[data-race-label="dice + topk_ce"]')).toHaveCount(1);
  await expect(page.locator('canvas[data-race-pred="compound"]')).toHaveCount(1);
  await stepTo(page, 3);
  // Its parts are the terms' values, its weights the spec's (1 : 1, constant).
  const pair = async (name: string) => ((await row.getAttribute(name)) ?? '').split(',').map(Number);
  expect(await pair('data-part-weights')).toEqual([1, 1]);
  const [a, b] = await pair('data-part-values');
  expect(a > 0 && a <= 1, `the Dice part ${a}`).toBe(true);
  expect(b > 0 && Number.isFinite(b), `the top-k CE part ${b}`).toBe(true);
  for (const g of [...(await pair('data-part-grads')), ...(await pair('data-part-grads-adam'))]) {
    expect(g).toBeGreaterThan(0);
  }
  // Its own parts chart, with the ratio of the parts (second ÷ first) as the caption says.
  await expect(page.locator('canvas[data-race-chart="compound-parts"]')).toBeVisible();
  const caption = page.locator('[data-race-compound-ratio]');
  await expect(caption).toHaveAttribute('data-weights', '1,1');
  const unweighted = Number(await caption.getAttribute('data-ratio-unweighted'));
  expect(unweighted).toBeGreaterThan(0);
  await page.getByTestId('race-compound-parts-view').selectOption('grad-adam');
  await expect(page.locator('canvas[data-race-chart="compound-parts"]')).toHaveAttribute('data-parts-view', 'grad-adam');
  // Off again: no compound row, no compound chart.
  await page.getByTestId('race-compound').selectOption('off');
  await expect(row).toHaveCount(0);
  await expect(page.locator('canvas[data-race-chart="compound-parts"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the ramp preset moves the compound\'s weights from Dice to top-k CE, step by step', async ({ page }) => {
  const errors = watchErrors(page);
  await openRace(page);
  await page.getByTestId('race-preset').selectOption('dice-ramp');
  await expect(page.getByTestId('race-compound')).toHaveValue('ramp');
  expect(await rows(page)).toEqual(['dice', 'topk_ce', 'compound']);
  const row = page.locator('tr[data-race-loss="compound"]');
  await expect(row).toHaveAttribute('data-race-label', 'dice + topk_ce (1 : 0 → 0.01 : 0.99 linear 300)');
  // Step k (from 0) trains with dice 1 − 0.99·k/300, topk_ce 0.99·k/300: the third step, k = 2.
  await stepTo(page, 3);
  const [wa, wb] = ((await row.getAttribute('data-part-weights')) ?? '').split(',').map(Number);
  expect(wa).toBeCloseTo(1 - (0.99 * 2) / 300, 12);
  expect(wb).toBeCloseTo((0.99 * 2) / 300, 12);
  await expect(page.locator('[data-race-look="dice-ramp"]')).toContainText(/0\.993 : 0\.0066/);
  expect(errors).toEqual([]);
});

test('the Dice + CE preset races dice, dice_ce and bce, and its look-for text states this run', async ({ page }) => {
  const errors = watchErrors(page);
  await openRace(page);
  await page.getByTestId('race-preset').selectOption('dice-ce-extreme');
  expect(await rows(page)).toEqual(['bce', 'dice', 'dice_ce']);
  await stepTo(page, 10);
  const look = page.locator('[data-race-look="dice-ce-extreme"]');
  const text = (await look.textContent()) ?? '';
  const dice = text.match(/dice (\S+), dice_ce (\S+), bce (\S+);/);
  expect(dice, text).not.toBeNull();
  const attr = async (loss: string) => Number(await page.locator(`tr[data-race-loss="${loss}"]`).getAttribute('data-val-dice'));
  // Three significant digits (format::derived) of the rows' full values.
  const near = (shown: string, full: number) => expect(Number(shown)).toBeCloseTo(full, full === 0 ? 9 : 2);
  near(dice![1], await attr('dice'));
  near(dice![2], await attr('dice_ce'));
  near(dice![3].replace(/[;,]$/, ''), await attr('bce'));
  expect(errors).toEqual([]);
});

test('the group and the compound runner travel in the link', async ({ page, browser }) => {
  const errors = watchErrors(page);
  await openRace(page);
  await page.getByTestId('race-group').selectOption('compound');
  await page.getByTestId('race-compound').selectOption('ramp');
  const hash = await settledHash(page);
  expect(hash).toContain('race.group=compound');
  expect(hash).toContain('race.compound=ramp');
  const want = await rows(page);
  expect(want).toEqual(['dice', ...COMPOUND, 'compound']);
  for (const url of [`/${hash}`, '/#v1&race.group=compound&race.compound=ramp']) {
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const otherErrors = watchErrors(other);
    await other.goto(url);
    await other.locator('[data-view="race"]').click();
    await expect(other.getByTestId('race-group')).toHaveValue('compound', { timeout: 20_000 });
    await expect(other.getByTestId('race-compound')).toHaveValue('ramp');
    expect(await rows(other), url).toEqual(want);
    expect(otherErrors).toEqual([]);
    await fresh.close();
  }
  // `race.compound=1` is the builder.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/#v1&race.compound=1');
  await other.locator('[data-view="race"]').click();
  await expect(other.getByTestId('race-compound')).toHaveValue('builder', { timeout: 20_000 });
  await expect(other.locator('tr[data-race-loss="compound"]')).toHaveCount(1);
  await fresh.close();
  expect(errors).toEqual([]);
});

test('at 1280×720 the summary of all twenty-one and the ramp fits its card', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openRace(page);
  await page.getByTestId('race-group').selectOption('all');
  await page.getByTestId('race-compound').selectOption('ramp');
  await stepTo(page, 1);
  await expect(page.locator('tr[data-race-loss]')).toHaveCount(22);
  const fit = await page.locator('.race-summary').evaluate((card) => {
    const table = card.querySelector('table')!;
    const wrapped = [...table.querySelectorAll('td span')].filter((s) => s.getClientRects().length > 1).length;
    return { card: card.getBoundingClientRect().right, table: table.getBoundingClientRect().right, wrapped };
  });
  expect(fit.table, 'the table ends inside its card').toBeLessThanOrEqual(fit.card + 0.5);
  expect(fit.wrapped, 'no number wraps').toBe(0);
});
