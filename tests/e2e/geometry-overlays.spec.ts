// The geometry overlays in the built site (src/ui/gradients/geometry.rs): four drawn canvases
// that follow the scene, a hover read-out whose numbers equal distances found by brute force
// here (every pixel against every other: no distance transform, no code of the app), the
// skeleton iterations control, SciPy's phantom map on a full target, and the gradient maps'
// `geometry` group.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { exportCase, readBoard, setInput, watchErrors } from './helpers';

const KINDS = ['target-sdm', 'pred-distance', 'target-skeleton', 'pred-skeleton'] as const;
type Kind = (typeof KINDS)[number];

/** Opens the page on the gradients view once the board shows its values. */
async function openGradients(page: Page, url = '/'): Promise<void> {
  await page.goto(url);
  await expect
    .poll(async () => Object.keys(await readBoard(page)).length, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(17);
  await page.locator('[data-view="gradients"]').click();
  await expect(page.locator('[data-panel="geometry-overlays"]')).toBeVisible();
}

function overlay(page: Page, kind: Kind): Locator {
  return page.locator(`canvas[data-overlay="${kind}"]`);
}

/** Number of distinct RGB colours on a canvas (1 for a blank one). */
async function colours(canvas: Locator): Promise<number> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });
}

async function pixels(canvas: Locator): Promise<string> {
  return canvas.evaluate((el) => (el as HTMLCanvasElement).toDataURL());
}

/**
 * Brute-force distances of a side × side mask, by the definitions of losses-geometry.md:
 * `near[i]` is the distance from pixel i to the nearest pixel on the other side of the mask
 * (Infinity when there is none), found by trying every pixel.
 */
function toOtherSide(mask: boolean[], side: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < side * side; i++) {
    let best = Infinity;
    const [r, c] = [Math.floor(i / side), i % side];
    for (let j = 0; j < side * side; j++) {
      if (mask[j] === mask[i]) continue;
      const [dr, dc] = [Math.floor(j / side) - r, (j % side) - c];
      const d = Math.sqrt(dr * dr + dc * dc); // correctly rounded, as the app's final sqrt
      if (d < best) best = d;
    }
    out.push(best);
  }
  return out;
}

/** Hovers the centre of grid pixel (row, col) of an overlay canvas. */
async function hover(page: Page, kind: Kind, row: number, col: number, side: number): Promise<void> {
  const canvas = overlay(page, kind);
  // In the middle of the viewport: at its top edge the page's sticky bars would cover it.
  await canvas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await canvas.boundingBox();
  if (!box) throw new Error(`${kind} has no box`);
  // Whole CSS pixels (the page reads the pointer's clientX/clientY as integers), nearest the
  // grid pixel's centre: inside it while a grid pixel is at least 1 CSS pixel wide.
  expect(box.width / side, 'a grid pixel spans at least one CSS pixel').toBeGreaterThanOrEqual(1);
  const x = Math.round(box.x + ((col + 0.5) * box.width) / side);
  const y = Math.round(box.y + ((row + 0.5) * box.height) / side);
  await page.mouse.move(x, y);
}

/** The read-out after hovering: its overlay, pixel and value (once it shows that pixel). */
async function readAt(page: Page, kind: Kind, row: number, col: number, side: number): Promise<number> {
  await hover(page, kind, row, col, side);
  const readout = page.getByTestId('overlay-readout');
  await expect(readout).toHaveAttribute('data-row', String(row));
  await expect(readout).toHaveAttribute('data-col', String(col));
  await expect(readout).toHaveAttribute('data-overlay', kind);
  const raw = await readout.getAttribute('data-value');
  const own = await readout.locator(`[data-overlay-value="${kind}"]`).getAttribute('data-value');
  expect(own, 'the table row agrees with the read-out').toBe(raw);
  return Number(raw);
}

test('four drawn overlays whose hover values are the distances found by brute force', async ({ page }) => {
  const errors = watchErrors(page);
  await openGradients(page);
  const scene = await exportCase(page);
  const side = scene.shape[0];
  expect(scene.shape[1]).toBe(side);
  for (const kind of KINDS) {
    await expect(overlay(page, kind)).toHaveAttribute('width', String(side));
    expect(await colours(overlay(page, kind)), `${kind} is drawn`).toBeGreaterThan(1);
  }
  // Target: φ = distance to the object outside, −(distance to the background − 1) inside.
  const mask = scene.target.map((y) => y !== 0);
  const near = toOtherSide(mask, side);
  const phi = near.map((d, i) => (mask[i] ? 1 - d : d));
  // A pixel just outside the disc, left of its leftmost pixel on the middle row: φ = 1.
  const mid = Math.floor(side / 2);
  const first = mask.findIndex((m, i) => m && Math.floor(i / side) === mid);
  expect(first, 'the default disc crosses the middle row').toBeGreaterThan(mid * side);
  const outside = first - 1 - mid * side;
  expect(await readAt(page, 'target-sdm', mid, outside, side)).toBe(1);
  // Its own leftmost pixel is on the inner contour: 0.
  expect(await readAt(page, 'target-sdm', mid, outside + 1, side)).toBe(0);
  // The disc's deepest pixel and a far corner, against the brute force.
  const deepest = phi.indexOf(Math.min(...phi));
  for (const i of [deepest, 0, side * side - 1]) {
    const [r, c] = [Math.floor(i / side), i % side];
    expect(await readAt(page, 'target-sdm', r, c, side)).toBeCloseTo(phi[i], 12);
  }
  const maxPhi = Math.max(...phi.map(Math.abs));
  expect(Number(await overlay(page, 'target-sdm').getAttribute('data-max'))).toBeCloseTo(maxPhi, 12);
  // Prediction: F = distance to the other side of p > 0.5 (inside and outside alike).
  const fg = (scene.prob ?? []).map((p) => p > 0.5);
  const count = fg.filter(Boolean).length;
  expect(count, 'the default prediction has p > 0.5 somewhere but not everywhere').toBeGreaterThan(0);
  expect(count).toBeLessThan(side * side);
  const field = toOtherSide(fg, side);
  for (const i of [fg.indexOf(true), 0, mid * side + mid, side * side - 1]) {
    const [r, c] = [Math.floor(i / side), i % side];
    expect(await readAt(page, 'pred-distance', r, c, side)).toBeCloseTo(field[i], 12);
  }
  expect(Number(await overlay(page, 'pred-distance').getAttribute('data-max'))).toBeCloseTo(
    Math.max(...field),
    12,
  );
  // The colour bars are in pixels.
  await expect(page.locator('[data-overlay-card="target-sdm"] [data-overlay-tick]').last()).toContainText('px');
  expect(errors).toEqual([]);
});

test('the skeleton iterations control changes the skeletons and travels in the link', async ({ page }) => {
  const errors = watchErrors(page);
  await openGradients(page);
  const input = page.getByTestId('skeleton-iterations');
  await expect(input).toHaveAttribute('min', '0');
  await expect(input).toHaveAttribute('max', '10');
  await expect(input).toHaveValue('3'); // clDice's default iterations (MONAI iter_=3)
  // A 1-px line is its own skeleton whatever K (losses-geometry.md §3): draw the line target.
  await page.locator('[data-view="scene"]').click();
  await page.getByTestId('generator').selectOption('line');
  await page.locator('[data-view="gradients"]').click();
  const line = await exportCase(page);
  const lineMax = Math.max(...line.target);
  await expect(overlay(page, 'target-skeleton')).toHaveAttribute('data-max', String(lineMax));
  // Back to the disc: its skeleton grows as K reaches its half-width, so the canvas changes.
  await page.locator('[data-view="scene"]').click();
  await page.getByTestId('generator').selectOption('disc');
  await page.locator('[data-view="gradients"]').click();
  await setInput(input, 0);
  await expect(page.locator('[data-panel="geometry-overlays"]')).toHaveAttribute('data-iterations', '0');
  const before = await pixels(overlay(page, 'target-skeleton'));
  const predBefore = await pixels(overlay(page, 'pred-skeleton'));
  await setInput(input, 10);
  await expect(page.locator('[data-panel="geometry-overlays"]')).toHaveAttribute('data-iterations', '10');
  await expect.poll(() => pixels(overlay(page, 'target-skeleton'))).not.toBe(before);
  await expect.poll(() => pixels(overlay(page, 'pred-skeleton'))).not.toBe(predBefore);
  await expect.poll(() => page.url()).toContain('overlays.iterations=10');
  // The board's clDice K (3 by default) is one click away.
  await page.getByTestId('skeleton-iterations-board').click();
  await expect(input).toHaveValue('3');
  expect(errors).toEqual([]);
});

test('empty and full targets: a blank map with its note, then SciPy phantom map', async ({ page }) => {
  const errors = watchErrors(page);
  await openGradients(page);
  await page.locator('[data-view="scene"]').click();
  await page.getByTestId('generator').selectOption('empty');
  await page.locator('[data-view="gradients"]').click();
  const sdm = overlay(page, 'target-sdm');
  await expect(sdm).toHaveAttribute('data-max', '0');
  await expect(page.locator('[data-overlay-note="empty-target"]')).toBeVisible();
  const empty = await exportCase(page);
  if ((empty.prob ?? []).every((p) => p <= 0.5)) {
    await expect(page.locator('[data-overlay-note="no-foreground"]')).toBeVisible();
    await expect(overlay(page, 'pred-distance')).toHaveAttribute('data-max', '0');
  }
  // Invert the empty target: every pixel is target. SciPy's phantom zero at row −1, column 0
  // gives φ[i][j] = 1 − √((i+1)² + j²): 0 at (0, 0), −1 at (1, 0), 1 − √2 at (0, 1), and the
  // largest |φ| at the bottom-right, √(side² + (side−1)²) − 1.
  await page.locator('[data-view="scene"]').click();
  await page.getByTestId('brush-layer').selectOption('target');
  await page.getByTestId('invert').click();
  await page.locator('[data-view="gradients"]').click();
  await expect(page.locator('[data-overlay-note="phantom"]')).toBeVisible();
  const full = await exportCase(page);
  expect(full.target.every((y) => y === 1)).toBe(true);
  const side = full.shape[0];
  expect(Number(await sdm.getAttribute('data-max'))).toBeCloseTo(Math.hypot(side, side - 1) - 1, 12);
  expect(await readAt(page, 'target-sdm', 0, 0, side)).toBe(0);
  expect(await readAt(page, 'target-sdm', 1, 0, side)).toBe(-1);
  expect(await readAt(page, 'target-sdm', 0, 1, side)).toBeCloseTo(1 - Math.SQRT2, 14);
  // An all-one image has an empty skeleton (open(1) = 1).
  await expect(overlay(page, 'target-skeleton')).toHaveAttribute('data-max', '0');
  await expect(page.locator('[data-overlay-card="target-skeleton"] [data-overlay-note="empty-skeleton"]')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the gradient maps have a geometry group with the four geometry losses', async ({ page }) => {
  const errors = watchErrors(page);
  await openGradients(page);
  await page.locator('[data-maps-toggle="group"] [data-choice="geometry"]').click();
  for (const loss of ['boundary', 'hausdorff_dt', 'cldice', 'dice_cldice']) {
    await expect(page.locator(`canvas[data-gradient-map="${loss}"]`), loss).toBeVisible();
  }
  await expect(page.locator('canvas[data-gradient-map]')).toHaveCount(4);
  // The boundary loss's ∂L/∂p is φ/N: not blank on the default disc.
  expect(await colours(page.locator('canvas[data-gradient-map="boundary"]'))).toBeGreaterThan(1);
  await page.locator('[data-maps-toggle="group"] [data-choice="all"]').click();
  await expect(page.locator('canvas[data-gradient-map="cldice"]')).toBeVisible();
  expect(errors).toEqual([]);
});
