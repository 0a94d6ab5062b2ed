// The multi-class view (issue 18): presets, painting with the class palette, companions in
// the batch (per image against pooled), the aggregation controls, and the link that brings
// the same numbers back. Only the view's hooks (src/ui/classes.rs) are used.
import { expect, test, type Page } from '@playwright/test';
import { stroke, watchErrors } from './helpers';

/** The aggregated loss as the page carries it (`data-value`, full precision). */
async function mcValue(page: Page): Promise<string> {
  return (await page.locator('[data-mc-value]').getAttribute('data-value')) ?? '';
}

/** Every per-unit, per-class cell: `unit:class → value`. */
async function mcCells(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-mc-class-value]').evaluateAll((els) =>
    Object.fromEntries(
      els.map((e) => [
        `${e.getAttribute('data-unit')}:${e.getAttribute('data-mc-class-value')}`,
        e.getAttribute('data-value') ?? '',
      ]),
    ),
  );
}

/** Waits until the aggregated value is a number different from `from`, and returns it. */
async function mcChangedFrom(page: Page, from: string, what: string): Promise<string> {
  await expect.poll(() => mcValue(page), { message: `the value changes after ${what}` }).not.toBe(from);
  const v = await mcValue(page);
  expect(Number.isFinite(Number(v)), `a number after ${what}: ${v}`).toBe(true);
  return v;
}

async function openClasses(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`);
  await page.locator('[data-view="classes"]').click();
  await expect(page.locator('[data-view="classes"]')).toHaveAttribute('aria-selected', 'true');
  await expect
    .poll(() => mcValue(page), { message: 'the view shows the aggregated value' })
    .toMatch(/^[0-9.e-]+$/);
}

/** The page's fragment once the debounced URL update holds still. */
async function settledHash(page: Page): Promise<string> {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = await page.evaluate(() => location.hash);
        const same = now === last;
        last = now;
        return same && now.startsWith('#v1&');
      },
      { message: 'the URL carries the state and holds still', intervals: [400] },
    )
    .toBe(true);
  return last;
}

test('the tab sits after curves and before race; the default state adds nothing to the link', async ({ page }) => {
  const errors = watchErrors(page);
  await openClasses(page);
  const views = await page.locator('[role="tab"][data-view]').evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-view')),
  );
  const at = views.indexOf('classes');
  expect(views[at - 1]).toBe('curves');
  expect(views[at + 1]).toBe('race');
  // The organ-lesion preset: background, organ, lesion, one image.
  await expect(page.getByTestId('mc-preset')).toHaveValue('organ-lesion');
  await expect(page.locator('[data-mc-thumb]')).toHaveCount(1);
  expect(Object.keys(await mcCells(page)).sort()).toEqual(['0:0', '0:1', '0:2']);
  const hash = await settledHash(page);
  expect(hash).toContain('view=classes');
  expect(hash, 'default multi-class settings write no mc. key').not.toContain('mc.');
  expect(errors).toEqual([]);
});

test('a preset, a stroke, a companion and the batch setting each change the numbers', async ({ page }) => {
  const errors = watchErrors(page);
  await openClasses(page);
  const first = await mcValue(page);

  // Three organs: a third class appears in the palette and the table.
  await page.getByTestId('mc-preset').selectOption('three-organs');
  const three = await mcChangedFrom(page, first, 'the preset');
  await expect(page.getByTestId('mc-classes')).toHaveValue('3');
  await expect(page.locator('[data-mc-class="3"]')).toBeVisible();
  expect(Object.keys(await mcCells(page))).toContain('0:3');

  // Paint class 2 across the top of the label map.
  await page.locator('[data-mc-class="2"]').click();
  await expect(page.locator('[data-mc-class="2"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-mc-class="1"]')).toHaveAttribute('aria-pressed', 'false');
  const cellsBefore = await mcCells(page);
  await stroke(page, page.locator('canvas[data-mc-layer="target"]'), { yFrac: 0.08 });
  const painted = await mcChangedFrom(page, three, 'a stroke of class 2');
  const cellsAfter = await mcCells(page);
  expect(cellsAfter['0:2'], 'class 2 term moved').not.toBe(cellsBefore['0:2']);

  // An empty companion: a second thumbnail, a second unit per image.
  await page.getByTestId('mc-companion-empty').check();
  await expect(page.locator('[data-mc-thumb]')).toHaveCount(2);
  await expect(page.locator('[data-mc-thumb="1"]')).toHaveAttribute('data-companion', 'empty');
  await expect(page.locator('[data-mc-thumb="0"]')).toHaveAttribute('data-companion', 'current');
  const perImage = await mcChangedFrom(page, painted, 'adding the empty image');
  expect(Object.keys(await mcCells(page))).toContain('1:1');

  // Pooled: one unit; with an all-background image in the batch the two differ.
  await page.getByTestId('mc-batch').selectOption('pooled');
  const pooled = await mcChangedFrom(page, perImage, 'pooling the batch');
  expect(Number(pooled)).not.toBeCloseTo(Number(perImage), 6);
  expect(Object.keys(await mcCells(page)).every((k) => k.startsWith('0:'))).toBe(true);
  // With keep, the empty image charges every foreground class ≈ 1 per image: per image is
  // the larger.
  expect(Number(perImage)).toBeGreaterThan(Number(pooled));

  // Off again: one thumbnail, the pooled value of one image equals its per-image value.
  await page.getByTestId('mc-companion-empty').uncheck();
  await expect(page.locator('[data-mc-thumb]')).toHaveCount(1);
  await expect.poll(() => mcValue(page)).toBe(painted);
  expect(errors).toEqual([]);
});

test('a loss that refuses a setting says which, and never panics', async ({ page }) => {
  const errors = watchErrors(page);
  await openClasses(page);
  await page.getByTestId('mc-loss').selectOption('ce');
  await expect(page.getByTestId('mc-batch')).toBeDisabled();
  await page.getByTestId('mc-include-background').uncheck();
  await expect(page.getByTestId('mc-error')).toBeVisible();
  await expect(page.getByTestId('mc-error')).toContainText('include_background');
  await page.getByTestId('mc-include-background').check();
  await expect(page.getByTestId('mc-error')).toBeHidden();
  await expect.poll(() => mcValue(page)).toMatch(/^[0-9.e-]+$/);
  await expect(page.getByTestId('panic-banner')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the per-class model controls move the numbers', async ({ page }) => {
  await openClasses(page);
  const start = await mcValue(page);
  await page.locator('[data-mc-missing="2"]').check();
  const missed = await mcChangedFrom(page, start, 'missing the lesion');
  await page.locator('[data-mc-missing="2"]').uncheck();
  await expect.poll(() => mcValue(page)).toBe(start);
  await page.locator('[data-mc-confidence="1"]').fill('0.5');
  await page.locator('[data-mc-confidence="1"]').press('Enter');
  await mcChangedFrom(page, start, 'a lower organ confidence');
  await page.locator('[data-mc-shift="2"]').fill('3');
  await page.locator('[data-mc-shift="2"]').press('Enter');
  expect(await mcValue(page)).not.toBe(missed);
});

test('reloading the link gives the same scene and the same numbers', async ({ page }) => {
  const errors = watchErrors(page);
  await openClasses(page);
  await page.getByTestId('mc-preset').selectOption('lesions');
  await page.locator('[data-mc-class="1"]').click();
  await stroke(page, page.locator('canvas[data-mc-layer="target"]'), { yFrac: 0.9 });
  await page.getByTestId('mc-companion-tiny').check();
  await page.getByTestId('mc-companion-seed').check();
  await page.getByTestId('mc-absent').selectOption('zero');
  await page.getByTestId('mc-loss').selectOption('dice_ce');
  await expect(page.locator('[data-mc-thumb]')).toHaveCount(3);
  const hash = await settledHash(page);
  for (const key of ['mc.preset=lesions', 'mc.companions=tiny', 'mc.absent=zero', 'mc.loss=dice_ce', 'mc.labels=']) {
    expect(hash).toContain(key);
  }
  const value = await mcValue(page);
  const cells = await mcCells(page);

  await page.reload();
  await expect(page.locator('[data-view="classes"]')).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => mcValue(page), { message: 'the same value after reload' }).toBe(value);
  expect(await mcCells(page)).toEqual(cells);
  await expect(page.locator('[data-mc-thumb]')).toHaveCount(3);
  await expect(page.getByTestId('mc-absent')).toHaveValue('zero');

  // The same link opened fresh in another page.
  const other = await page.context().newPage();
  await other.goto(`/${hash}`);
  await expect.poll(() => mcValue(other)).toBe(value);
  await other.close();
  expect(errors).toEqual([]);
});

test('Ctrl+Z and Ctrl+Shift+Z in this view undo and redo its label map, not the binary scene', async ({ page }) => {
  const errors = watchErrors(page);
  await openClasses(page);
  const before = await mcValue(page);
  await page.locator('[data-mc-class="2"]').click();
  await stroke(page, page.locator('canvas[data-mc-layer="target"]'), { yFrac: 0.08 });
  const painted = await mcChangedFrom(page, before, 'a stroke of class 2');
  await page.keyboard.press('Control+z');
  await expect.poll(() => mcValue(page), { message: 'Ctrl+Z restores the value' }).toBe(before);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => mcValue(page), { message: 'Ctrl+Shift+Z paints again' }).toBe(painted);
  // The binary scene was not touched: its board still shows the default scene's Dice.
  await page.locator('[data-view="scene"]').click();
  const fresh = await page.context().newPage();
  await fresh.goto('/');
  await expect(fresh.locator('[data-loss="dice"]').first()).toHaveAttribute('data-value', /^[0-9]/);
  const want = await fresh.locator('[data-loss="dice"]').first().getAttribute('data-value');
  await expect(page.locator('[data-loss="dice"]').first()).toHaveAttribute('data-value', want ?? '');
  expect(errors).toEqual([]);
});
