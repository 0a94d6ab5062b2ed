// The multi-class race (preset `multi-class`, link `race.preset=multi-class&…&race.classes=3`):
// three classes (sea, island, ships), a softmax network per runner, Dice per image / pooled
// with / without the background and CE. The runners' rows carry their label in
// `data-race-loss`, the mean foreground Dice in `data-val-dice` and each class's Dice in
// `data-val-dice-<class>`; the binary race's loss choices are hidden; a link restores it; the
// binary presets are as before.
import { expect, test, type Page } from '@playwright/test';
import { openApp, watchErrors } from './helpers';

const RUNNERS = [
  'dice (include_background true, batch per_image)',
  'dice (include_background false, batch per_image)',
  'dice (include_background true, batch pooled)',
  'dice (include_background false, batch pooled)',
  'ce',
];

async function openRace(page: Page, url = '/'): Promise<void> {
  await openApp(page, url);
  await page.locator('[data-view="race"]').click();
  await expect(page.getByTestId('race-preset')).toBeVisible();
}

async function step(page: Page): Promise<number> {
  return Number(await page.locator('[data-race-step]').getAttribute('data-race-step'));
}

interface Row {
  loss: string;
  label: string;
  dice: number;
  iou: number;
  sea: number;
  island: number;
  ship: number;
}

async function rows(page: Page): Promise<Row[]> {
  return page.locator('tr[data-race-loss]').evaluateAll((els) =>
    els.map((el) => {
      const n = (k: string) => Number(el.getAttribute(k) ?? 'NaN');
      return {
        loss: el.getAttribute('data-race-loss') ?? '',
        label: el.getAttribute('data-race-label') ?? '',
        dice: n('data-val-dice'),
        iou: n('data-val-iou'),
        sea: n('data-val-dice-sea'),
        island: n('data-val-dice-island'),
        ship: n('data-val-dice-ship'),
      };
    }),
  );
}

test('the multi-class preset races its five runners and reports every class', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await openRace(page);
  const values = await page
    .getByTestId('race-preset')
    .locator('option')
    .evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
  expect(values).toContain('multi-class');
  await page.getByTestId('race-preset').selectOption('multi-class');
  await expect(page.locator('[data-race-look="multi-class"]')).toContainText('At step 0');
  await expect(page.locator('tr[data-race-loss]')).toHaveCount(RUNNERS.length);
  const start = await rows(page);
  expect(start.map((r) => r.loss)).toEqual(RUNNERS);
  expect(start.map((r) => r.label)).toEqual(RUNNERS);
  for (const label of RUNNERS) {
    await expect(page.locator(`canvas[data-race-pred="${label}"]`)).toHaveCount(1);
    await expect(page.locator(`.race-key[data-race-label="${label}"]`)).toHaveCount(1);
  }
  // The binary race's loss choices give way to the note on the fixed runners.
  await expect(page.locator('[data-race-mc-runners]')).toBeVisible();
  await expect(page.getByTestId('race-group')).toHaveCount(0);
  await expect(page.getByTestId('race-reduction')).toHaveCount(0);
  await expect(page.locator('input[data-race-toggle]')).toHaveCount(0);
  for (const chart of ['loss', 'dice', 'iou', 'dice-island', 'dice-ship']) {
    await expect(page.locator(`canvas[data-race-chart="${chart}"]`)).toHaveCount(1);
  }
  await page.waitForTimeout(800); // the URL is debounced
  expect(page.url()).toContain('race.preset=multi-class');
  expect(page.url()).toContain('race.classes=3');

  // Train: 30 steps as fast as the page goes (validation every 10 steps).
  await page.getByTestId('race-play').click();
  await expect.poll(() => step(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(30);
  await page.getByTestId('race-pause').click();
  await expect(page.locator('[data-race-running="false"]')).toHaveCount(1);
  const after = await rows(page);
  expect(after.map((r) => r.loss)).toEqual(RUNNERS);
  for (const r of after) {
    for (const v of [r.dice, r.iou, r.sea, r.island, r.ship]) {
      expect(v, `${r.label}: metrics in [0, 1]`).toBeGreaterThanOrEqual(0);
      expect(v, `${r.label}: metrics in [0, 1]`).toBeLessThanOrEqual(1);
    }
    // The mean foreground Dice is the mean of the island's and the ships'.
    expect(Math.abs(r.dice - (r.island + r.ship) / 2), r.label).toBeLessThan(1e-12);
    // Thirty steps are enough for every runner to start on the island (a quarter of the image).
    expect(r.island, `${r.label}: island Dice after 30 steps`).toBeGreaterThan(0.5);
  }
  // The runners trained differently: not every row has the same numbers.
  expect(new Set(after.map((r) => `${r.island},${r.ship}`)).size).toBeGreaterThan(1);
  await expect(page.locator('[data-race-look="multi-class"]')).not.toContainText('At step 0');
  expect(errors).toEqual([]);
});

test('a link restores the multi-class race, and another preset brings the binary race back', async ({ page }) => {
  const errors = watchErrors(page);
  await openRace(page, '/#v1&race.preset=multi-class&race.seed=4');
  await expect(page.getByTestId('race-preset')).toHaveValue('multi-class');
  await expect(page.locator('tr[data-race-loss]')).toHaveCount(RUNNERS.length);
  await expect(page.getByTestId('race-seed')).toHaveValue('4');
  await page.getByTestId('race-step').click();
  await expect.poll(() => step(page)).toBe(1);
  // Back to a binary preset: its ten losses, no class hooks, no class count in the link.
  await page.getByTestId('race-preset').selectOption('extreme');
  await expect(page.locator('tr[data-race-loss="bce"]')).toHaveCount(1);
  await expect(page.locator('tr[data-val-dice-ship]')).toHaveCount(0);
  await expect(page.locator('canvas[data-race-chart="dice-ship"]')).toHaveCount(0);
  await expect(page.getByTestId('race-group')).toBeVisible();
  await page.waitForTimeout(800);
  expect(page.url()).not.toContain('race.classes');
  expect(errors).toEqual([]);
});
