// Figures for slides (#15): every chart canvas is drawn at the device pixel ratio (its backing
// store is its CSS size times the ratio, the CSS size unchanged), the hover read-out still finds
// the right panel, and PNG exports are twice the CSS size whatever the screen, or the scale
// chosen in `png-scale` — read from the downloaded PNG's IHDR header.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import { openApp } from './helpers';

const CHARTS = ['pixel-curves', 'size-sweep', 'pixel-sensitivity', 'param-sweep', 'crop-sweep'];
const RACE_CHARTS = ['loss', 'dice', 'iou', 'ap', 'grad', 'parts'];

/** Width and height of a PNG from its IHDR chunk (bytes 16–23, big-endian). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)], 'the PNG signature').toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(bytes.subarray(12, 16).toString('latin1'), 'IHDR first').toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** A canvas's backing store and its CSS content box. */
async function canvasSizes(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    return {
      width: c.width,
      height: c.height,
      cssWidth: c.clientWidth,
      cssHeight: c.clientHeight,
      rendering: getComputedStyle(c).imageRendering,
    };
  });
}

async function openCurves(page: Page): Promise<void> {
  await openApp(page);
  await page.locator('[data-view="curves"]').click();
  for (const id of CHARTS) {
    await expect(page.locator(`[data-chart-status="${id}"]`)).toHaveAttribute('data-state', 'ready', {
      timeout: 30_000,
    });
  }
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), click()]);
  const p = await file.path();
  if (!p) throw new Error('the download has no file');
  return fs.readFileSync(p);
}

async function chartPng(page: Page, id: string): Promise<Buffer> {
  return download(page, () => page.locator(`[data-chart-panel="${id}"] [data-export="png"]`).click());
}

/** Every curves chart's backing store is `ratio` × its CSS size. */
async function expectCurvesAt(page: Page, ratio: number): Promise<void> {
  for (const id of CHARTS) {
    const s = await canvasSizes(page, `canvas[data-chart="${id}"]`);
    expect(s.cssWidth, `${id} is at least the smallest chart width`).toBeGreaterThanOrEqual(560);
    expect(s.width, `${id}: width ${s.width} for ${s.cssWidth} CSS px`).toBe(ratio * s.cssWidth);
    // The CSS height follows the backing store's proportions: within a pixel of rounding.
    expect(Math.abs(s.height - ratio * s.cssHeight), `${id}: height ${s.height} for ${s.cssHeight}`).toBeLessThanOrEqual(ratio);
  }
}

test.describe('at device pixel ratio 2', () => {
  test.use({ deviceScaleFactor: 2 });

  test('the curves are drawn at twice their CSS size, and the read-out finds the right panel', async ({ page }) => {
    await openCurves(page);
    await expectCurvesAt(page, 2);
    // The size sweep's three panels (value, max_grad, ratio), laid out as the charts crate
    // does (draw.rs): ⌊width / 330⌋ panels a row (1 to 3), rows of 340 CSS pixels under the
    // title and legend band. Pointing at the middle of each must read that panel; mapping the
    // pointer to backing pixels instead of CSS pixels would land twice as far right and down.
    const canvas = page.locator('canvas[data-chart="size-sweep"]');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the size-sweep canvas has no box');
    const cols = Math.min(3, Math.max(1, Math.floor(box.width / 330)));
    const rows = Math.ceil(3 / cols);
    const header = box.height - rows * 340;
    const readout = page.locator('[data-readout="size-sweep"]');
    for (const [k, panel] of ['value', 'max_grad', 'ratio'].entries()) {
      const x = box.x + (box.width / cols) * ((k % cols) + 0.5);
      const y = box.y + header + 340 * (Math.floor(k / cols) + 0.5);
      await page.mouse.move(x, y);
      await expect(readout, `the middle of panel ${k + 1} of ${cols} a row`).toHaveAttribute('data-panel', panel);
    }
  });

  test("a chart's PNG is twice its CSS size", async ({ page }) => {
    await openCurves(page);
    const id = 'pixel-curves';
    const s = await canvasSizes(page, `canvas[data-chart="${id}"]`);
    const png = await chartPng(page, id);
    expect(pngSize(png)).toEqual({ width: 2 * s.cssWidth, height: s.height });
    expect(s.height % 2, 'an even backing height at ratio 2').toBe(0);
  });

  test('the race charts are drawn at twice their CSS size', async ({ page }) => {
    await openApp(page);
    await page.locator('[data-view="race"]').click();
    for (const id of RACE_CHARTS) {
      const c = page.locator(`canvas[data-race-chart="${id}"]`);
      await expect(c).toBeVisible();
      await expect
        .poll(
          async () => {
            const s = await canvasSizes(page, `canvas[data-race-chart="${id}"]`);
            return s.width === 2 * s.cssWidth && s.height === 2 * s.cssHeight ? 'ok' : JSON.stringify(s);
          },
          { message: `race chart ${id}: backing store twice its CSS size` },
        )
        .toBe('ok');
    }
  });

  test('the gradient maps stay sharp pixels, their colour bar is drawn at twice its CSS width, the PNG at 2×', async ({ page }) => {
    await openApp(page);
    await page.locator('[data-view="gradients"]').click();
    const map = await canvasSizes(page, 'canvas[data-gradient-map="bce"]');
    expect(map.width, 'one canvas pixel per grid pixel').toBe(64);
    expect(['pixelated', 'crisp-edges'], 'scaled up without smoothing').toContain(map.rendering);
    const bar = await canvasSizes(page, 'canvas[data-colorbar]');
    expect(bar.cssWidth).toBeGreaterThan(100);
    expect(bar.width, `the bar: ${bar.width} columns for ${bar.cssWidth} CSS px`).toBe(2 * bar.cssWidth);
    const png = await download(page, () =>
      page.locator('[data-chart-panel="gradient-maps"] [data-export="png"]').click(),
    );
    // maps::Figure for ten 64 × 64 maps, by hand: cell = 64·⌈180/64⌉ = 192; width =
    // 16 + 5·(192 + 16) = 1056; height = 34 + 2·(24 + 192 + 20 + 16) + 100 = 638. Twice that.
    expect(pngSize(png)).toEqual({ width: 2112, height: 1276 });
  });
});

test.describe('at device pixel ratio 1', () => {
  test.use({ deviceScaleFactor: 1 });

  test('the curves are drawn at their CSS size, and their PNG export is still 2×', async ({ page }) => {
    await openCurves(page);
    await expectCurvesAt(page, 1);
    const id = 'size-sweep';
    const s = await canvasSizes(page, `canvas[data-chart="${id}"]`);
    expect(pngSize(await chartPng(page, id))).toEqual({ width: 2 * s.width, height: 2 * s.height });
    const bar = await (async () => {
      await page.locator('[data-view="gradients"]').click();
      return canvasSizes(page, 'canvas[data-colorbar]');
    })();
    expect(bar.width).toBe(bar.cssWidth);
    const maps = await download(page, () =>
      page.locator('[data-chart-panel="gradient-maps"] [data-export="png"]').click(),
    );
    expect(pngSize(maps)).toEqual({ width: 2112, height: 1276 });
  });
});

test('the PNG size menu sets the scale of the chart and map exports, for every view', async ({ page }) => {
  await openCurves(page);
  const id = 'crop-sweep';
  const s = await canvasSizes(page, `canvas[data-chart="${id}"]`);
  const scale = page.getByTestId('png-scale');
  await expect(scale).toHaveValue('2');
  await scale.selectOption('3');
  expect(pngSize(await chartPng(page, id))).toEqual({ width: 3 * s.cssWidth, height: 3 * s.cssHeight });
  // The choice holds in the gradients view: 1× is the figure's own 1056 × 638 (by hand above).
  await page.locator('[data-view="gradients"]').click();
  await expect(page.getByTestId('png-scale')).toHaveValue('3');
  await page.getByTestId('png-scale').selectOption('1');
  const maps = await download(page, () =>
    page.locator('[data-chart-panel="gradient-maps"] [data-export="png"]').click(),
  );
  expect(pngSize(maps)).toEqual({ width: 1056, height: 638 });
});
