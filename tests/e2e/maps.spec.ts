// The gradients view in the built site: ten non-blank maps, a hover read-out whose numbers
// equal `losslab eval` on the exported scene (and BCE's (p − y)/N by hand), and a PNG export
// that is a real PNG of plausible size. The group selector shows the seven losses of
// losses-compound.md and the board's compound, whose gradient is w₁·g₁ + w₂·g₂ of its terms'.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import { ALL_LOSSES, cliEval, COMPOUND_LOSSES, exportCase, LOSSES, openApp, watchErrors } from './helpers';

async function openMaps(page: Page): Promise<void> {
  await openApp(page);
  await page.locator('[data-view="gradients"]').click();
  await expect(page.locator('[data-pane="gradients"]')).toBeVisible();
}

/** Number of distinct RGBA colours in a canvas (1 for a blank one). */
async function colours(page: Page, loss: string): Promise<number> {
  return page.locator(`canvas[data-gradient-map="${loss}"]`).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      seen.add(((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]) >>> 0);
    }
    return seen.size;
  });
}

/** Gradients agree as computed twice in f64 (the CLI may sum in another order). */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.abs(b) + 1e-15;
}

async function dataValue(page: Page, selector: string): Promise<number> {
  const raw = await page.locator(selector).getAttribute('data-value');
  const v = Number(raw);
  expect(Number.isFinite(v), `${selector} has a numeric data-value (got ${raw})`).toBe(true);
  return v;
}

test('ten non-blank maps that follow the toggles, without errors', async ({ page }) => {
  const errors = watchErrors(page);
  await openMaps(page);
  for (const loss of LOSSES) {
    const map = page.locator(`canvas[data-gradient-map="${loss}"]`);
    await expect(map, `the map of ${loss}`).toBeVisible();
    expect(await colours(page, loss), `${loss}'s map is not blank`).toBeGreaterThan(1);
  }
  await expect(page.locator('[data-colorbar-tick]').first()).toBeAttached();
  const before = await page
    .locator('canvas[data-gradient-map="bce"]')
    .evaluate((el) => (el as HTMLCanvasElement).toDataURL());
  await page.locator('[data-maps-toggle="scaling"] [data-choice="linear"]').click();
  await expect
    .poll(() =>
      page.locator('canvas[data-gradient-map="bce"]').evaluate((el) => (el as HTMLCanvasElement).toDataURL()),
    )
    .not.toBe(before);
  await page.waitForTimeout(300);
  expect(errors).toEqual([]);
});

test('hover shows y, p and every loss gradient as losslab eval computes them', async ({ page }) => {
  await openMaps(page);
  const map = page.locator('canvas[data-gradient-map="dice"]');
  const box = await map.boundingBox();
  if (!box) throw new Error('the dice map has no box');
  // Just off the object's centre, inside the default disc.
  await page.mouse.move(box.x + box.width * 0.47, box.y + box.height * 0.53);
  const readout = page.getByTestId('maps-readout');
  await expect(readout).toHaveAttribute('data-row', /\d+/);
  const row = Number(await readout.getAttribute('data-row'));
  const col = Number(await readout.getAttribute('data-col'));
  const y = await dataValue(page, '[data-readout="y"]');
  const p = await dataValue(page, '[data-readout="p"]');
  // Each loss's case as the page exports it (current loss, its parameters, the scene).
  for (const loss of LOSSES) {
    await page.getByTestId('current-loss').selectOption(loss);
    const c = await exportCase(page);
    const out = cliEval(c) as unknown as { grad_logit: number[]; grad_prob: number[] };
    const side = c.shape[c.shape.length - 1];
    const n = side * side;
    const i = row * side + col;
    const tr = `tr[data-readout-loss="${loss}"]`;
    const gz = await dataValue(page, `${tr} [data-grad="z"]`);
    const gp = await dataValue(page, `${tr} [data-grad="p"]`);
    if (c.shape.length === 3) {
      // generalized_dice is exported as two class planes [1 − y, y]; the page's binary view
      // is the object plane's logit gradient, and ∂L/∂p = ∂L/∂p₁ − ∂L/∂p₀ (p₀ = 1 − p).
      expect(c.target[n + i], 'y of the object plane').toBe(y);
      expect(c.prob![n + i], 'p of the object plane').toBe(p);
      expect(close(gz, out.grad_logit[n + i]), `${loss} ∂L/∂z ${gz} vs ${out.grad_logit[n + i]}`).toBe(true);
      const total = out.grad_prob[n + i] - out.grad_prob[i];
      expect(close(gp, total), `${loss} ∂L/∂p ${gp} vs ${total}`).toBe(true);
    } else {
      expect(c.target[i], 'y of the hovered pixel').toBe(y);
      expect(c.prob![i], 'p of the hovered pixel').toBe(p);
      expect(close(gz, out.grad_logit[i]), `${loss} ∂L/∂z ${gz} vs ${out.grad_logit[i]}`).toBe(true);
      expect(close(gp, out.grad_prob[i]), `${loss} ∂L/∂p ${gp} vs ${out.grad_prob[i]}`).toBe(true);
    }
    if (loss === 'bce') {
      // By hand (losses.md §1, mean reduction): ∂L/∂z = (p − y)/N.
      expect(close(gz, (p - y) / n), `bce ∂L/∂z ${gz} vs (p − y)/N = ${(p - y) / n}`).toBe(true);
    }
  }
});

test('export downloads the small multiples as one valid PNG', async ({ page }) => {
  await openMaps(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-chart-panel="gradient-maps"] [data-export="png"]').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);
  const file = await download.path();
  if (!file) throw new Error('the download has no file');
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 8)], 'the PNG signature').toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(bytes.subarray(12, 16).toString('latin1'), 'IHDR first').toBe('IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  // Five maps per row, two rows, each at least as large as the 64 × 64 grid.
  expect(width).toBeGreaterThanOrEqual(5 * 64);
  expect(height).toBeGreaterThanOrEqual(2 * 64);
  // The browser decodes it to the same size, and it holds many colours (maps, not a blank).
  const decoded = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return { w: img.naturalWidth, h: img.naturalHeight, colours: seen.size };
  }, bytes.toString('base64'));
  expect(decoded.w).toBe(width);
  expect(decoded.h).toBe(height);
  expect(decoded.colours, 'the picture is not blank').toBeGreaterThan(50);
});

test('the group selector: the seven new losses and the compound, hover read-out and keyboard', async ({ page }) => {
  const errors = watchErrors(page);
  await openMaps(page);
  // The article's ten by default.
  await expect(page.locator('canvas[data-gradient-map]')).toHaveCount(LOSSES.length);
  const group = page.locator('[data-maps-toggle="group"]');
  await group.locator('[data-choice="compound"]').click();
  await expect(group.locator('[data-choice="compound"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('canvas[data-gradient-map]')).toHaveCount(COMPOUND_LOSSES.length + 1);
  for (const loss of [...COMPOUND_LOSSES, 'compound']) {
    await expect(page.locator(`canvas[data-gradient-map="${loss}"]`), loss).toBeVisible();
  }
  // Every map but the Lovász hinge's has colour: on the default scene every pixel is on the
  // right side of the hinge (|logit| > 1 with the right sign), so its gradient is 0 there.
  for (const loss of [...COMPOUND_LOSSES.filter((l) => l !== 'lovasz_hinge'), 'compound']) {
    expect(await colours(page, loss), `${loss}'s map is not blank`).toBeGreaterThan(1);
  }
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('maps.group=compound');
  // Keyboard: a focused map moves the read-out's pixel.
  await page.locator('canvas[data-gradient-map="topk_ce"]').focus();
  const readout = page.getByTestId('maps-readout');
  await expect(readout).toHaveAttribute('data-row', /\d+/);
  const col = Number(await readout.getAttribute('data-col'));
  await page.keyboard.press('ArrowRight');
  await expect(readout).toHaveAttribute('data-col', String(col + 1));

  // All: seventeen and the compound. Its gradient at the hovered pixel is the weighted sum of
  // its two terms' (the board's default: Dice + top-k CE, 1 : 1), read from their own rows.
  await group.locator('[data-choice="all"]').click();
  await expect(page.locator('canvas[data-gradient-map]')).toHaveCount(ALL_LOSSES.length + 1);
  const map = page.locator('canvas[data-gradient-map="compound"]');
  await map.scrollIntoViewIfNeeded();
  const box = await map.boundingBox();
  if (!box) throw new Error('the compound map has no box');
  await page.mouse.move(box.x + box.width * 0.47, box.y + box.height * 0.53);
  await expect(page.locator('tr[data-readout-loss="compound"]')).toBeVisible();
  for (const g of ['z', 'p']) {
    const read = (loss: string) => dataValue(page, `tr[data-readout-loss="${loss}"] [data-grad="${g}"]`);
    const [dice, topk, compound] = [await read('dice'), await read('topk_ce'), await read('compound')];
    expect(close(compound, dice + topk), `∂L/∂${g}: ${compound} vs ${dice} + ${topk}`).toBe(true);
  }
  // The new losses' read-outs equal losslab eval on the exported case.
  const row = Number(await readout.getAttribute('data-row'));
  const c0 = Number(await readout.getAttribute('data-col'));
  for (const loss of ['dice_focal', 'unified_focal']) {
    await page.getByTestId('current-loss').selectOption(loss);
    const c = await exportCase(page);
    const out = cliEval(c) as unknown as { grad_logit: number[] };
    const i = row * c.shape[c.shape.length - 1] + c0;
    const gz = await dataValue(page, `tr[data-readout-loss="${loss}"] [data-grad="z"]`);
    expect(close(gz, out.grad_logit[i]), `${loss} ∂L/∂z ${gz} vs ${out.grad_logit[i]}`).toBe(true);
  }
  await page.waitForTimeout(300);
  expect(errors).toEqual([]);
});

test('the PNG export holds the shown group: eight maps for the compound group', async ({ page }) => {
  await openMaps(page);
  await page.locator('[data-maps-toggle="group"] [data-choice="compound"]').click();
  await expect(page.locator('canvas[data-gradient-map]')).toHaveCount(8);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-chart-panel="gradient-maps"] [data-export="png"]').click(),
  ]);
  expect(download.suggestedFilename()).toContain('compound');
  const file = await download.path();
  if (!file) throw new Error('the download has no file');
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  // maps::Figure by hand at 1×…3× scale: eight maps are two rows of five, like ten.
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  expect(height / width).toBeGreaterThan(0.5);
  expect(height / width).toBeLessThan(0.8);
});
