// Scenes where shape matters (issue 17): the thin-structure generators and the prediction's
// shape edits (gap, spur, far speck) in the page, through the testing hooks only.
import { expect, test, type Page } from '@playwright/test';
import {
  boardChangedFrom,
  exportCase,
  openApp,
  readBoard,
  setInput,
  settledBoard,
  watchErrors,
} from './helpers';

/** The object pixels of the exported case's target, as `[x, y]` on its `side × side` grid. */
async function targetPixels(page: Page): Promise<{ side: number; on: number[][]; prob: number[] }> {
  const c = await exportCase(page);
  const side = c.shape[c.shape.length - 1];
  const on = c.target.flatMap((y, i) => (y === 1 ? [[i % side, Math.floor(i / side)]] : []));
  return { side, on, prob: c.prob ?? [] };
}

/** Waits for the debounced URL update and returns the page's fragment. */
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

test('line1: the target is one row of 50 pixels; a gap of 5 moves Dice only a little', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openApp(page);
  const disc = await settledBoard(page);
  const target = page.locator('canvas[data-layer="target"]');
  const before = await target.evaluate((c) => (c as HTMLCanvasElement).toDataURL());

  await page.getByTestId('generator').selectOption('line1');
  // The target canvas is redrawn.
  await expect
    .poll(() => target.evaluate((c) => (c as HTMLCanvasElement).toDataURL()), {
      message: 'the target canvas changes',
    })
    .not.toBe(before);
  // Dice counts pixels, not shapes: 50 pixels at p = 0.9 score the same as the disc's 50
  // (up to the summation order of the board's lanes).
  const line = await settledBoard(page);
  expect(Number(line.dice)).toBeCloseTo(Number(disc.dice), 12);
  // A 1-px line of 50 centred on x = 32 of 64: row round(32 − ½) = 32, columns
  // round(32 − 25) = 7 to 56.
  const { side, on } = await targetPixels(page);
  expect(side).toBe(64);
  expect(on).toEqual(Array.from({ length: 50 }, (_, k) => [7 + k, 32]));

  // The gap: centroid x = 31.5, anchor x = 31 (the first of the two nearest), columns
  // x − 31 in [−2.5, 2.5) = 29..33 fall to the background's 0.05.
  const gap = page.getByTestId('pred-gap');
  await expect(gap).toHaveAttribute('min', '0');
  await expect(gap).toHaveAttribute('max', '64');
  await setInput(gap, 5);
  const gapped = await boardChangedFrom(page, line, 'a gap of 5');
  const { prob } = await targetPixels(page);
  const cut = Array.from({ length: 64 }, (_, x) => x).filter((x) => prob[32 * 64 + x] === 0.05);
  expect(cut).toEqual(Array.from({ length: 64 }, (_, x) => x).filter((x) => x < 7 || x > 56 || (x >= 29 && x <= 33)));
  // Dice (smooth 1) by hand, N = 4096: before, TP = 50·0.9 = 45, Σp = 45 + 4046·0.05 = 247.3,
  // L = 1 − 91/298.3 = 0.69494; after, TP = 45·0.9 + 5·0.05 = 40.75 (the cut pixels keep
  // the background's 0.05), Σp = 45·0.9 + 4051·0.05 = 243.05, L = 1 − 82.5/294.05 = 0.71944.
  // A tenth of the vessel lost moves Dice by 0.0245.
  expect(Number(line.dice)).toBeCloseTo(0.6949379818974187, 12);
  expect(Number(gapped.dice)).toBeCloseTo(0.7194354701581364, 12);
  expect(Number(gapped.dice) - Number(line.dice)).toBeLessThan(0.03);
  expect(errors).toEqual([]);
});

test('the link carries the thin shape and the shape edits: reopened, the same scene', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await page.getByTestId('generator').selectOption('tree');
  await setInput(page.getByTestId('pred-gap'), 3);
  await setInput(page.getByTestId('pred-spur'), 4);
  await page.getByTestId('pred-far-speck').check();
  await expect(page.getByTestId('pred-far-speck')).toBeChecked();
  const hash = await settledHash(page);
  expect(hash).toContain('scene.shape=tree');
  expect(hash).toContain('model.gap=3');
  expect(hash).toContain('model.spur=4');
  expect(hash).toContain('model.far_speck=1');
  const board = await settledBoard(page);
  const scene = await targetPixels(page);

  // A fresh context (no autosave): only the link speaks.
  const context = await browser.newContext();
  const other = await context.newPage();
  await openApp(other, `/${hash}`);
  await expect(other.getByTestId('generator')).toHaveValue('tree');
  await expect(other.getByTestId('pred-gap')).toHaveValue('3');
  await expect(other.getByTestId('pred-spur')).toHaveValue('4');
  await expect(other.getByTestId('pred-far-speck')).toBeChecked();
  expect(await settledBoard(other)).toEqual(board);
  expect(await targetPixels(other)).toEqual(scene);
  await context.close();
});

test('the far speck: one more false positive, far from the target', async ({ page }) => {
  await openApp(page);
  const before = await readBoard(page);
  await page.getByTestId('pred-far-speck').check();
  await boardChangedFrom(page, before, 'the far speck');
  // The default disc of 50 around (32, 32): the farthest corner is one of the four; the
  // speck is the only p = 0.9 off the target, at a corner pixel.
  const c = await exportCase(page);
  const specks = (c.prob ?? []).flatMap((p, i) => (p === 0.9 && c.target[i] === 0 ? [i] : []));
  expect(specks).toHaveLength(1);
  expect([0, 63, 64 * 63, 64 * 64 - 1]).toContain(specks[0]);
  await page.getByTestId('pred-far-speck').uncheck();
  await expect.poll(async () => JSON.stringify(await readBoard(page))).toBe(JSON.stringify(before));
});
