// The claims tour leads and leaves things as it found them (issue 15): its bar stays on the
// screen with the element it outlines on every step, at 1440×900 and 1280×720; a step sets
// what it needs on the state the tour started from (nothing of an earlier step stays), a
// step's link reproduces that step alone, leaving restores the state from before the tour
// (one undo step away from the scene the tour showed); the race steps show a figure computed
// beforehand, marked, until the live race replaces it — with the same numbers at the end.
import { expect, test, type Page } from '@playwright/test';
import { openApp, readBoard, setInput, watchErrors } from './helpers';

const STEPS = 16;

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

interface Box { top: number; bottom: number; height: number }

/** The bar's and the outlined element's boxes in the viewport, and the viewport's height. */
async function geometry(page: Page): Promise<{ bar: Box; el: Box | null; vh: number; scroll: number }> {
  return page.evaluate(() => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, height: r.height };
    };
    const bar = document.querySelector('[data-tour-step]')!;
    const selector = bar.getAttribute('data-tour-target') ?? '';
    const el = selector ? document.querySelector(selector) : null;
    return { bar: box(bar), el: el ? box(el) : null, vh: window.innerHeight, scroll: window.scrollY };
  });
}

for (const [width, height] of [[1440, 900], [1280, 720]]) {
  test(`at ${width}×${height} every step shows its bar and its outlined element`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    await page.setViewportSize({ width, height });
    await openApp(page);
    await page.getByTestId('tour-start').click();
    for (let n = 1; n <= STEPS; n++) {
      await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
      // The tour reveals the element once its place has stopped moving (charts are drawn over
      // several frames): allow it that long.
      await expect(async () => {
        const g = await geometry(page);
        expect(g.bar.top, `step ${n}: the bar's top is on screen`).toBeGreaterThanOrEqual(-0.5);
        expect(g.bar.bottom, `step ${n}: the bar's bottom is on screen`).toBeLessThanOrEqual(g.vh + 0.5);
        expect(g.el, `step ${n}: the outlined element exists`).not.toBeNull();
        const el = g.el!;
        // The part of the element below the bar and above the window's bottom: all of it,
        // or as much as the room under the bar holds when it is taller than that room.
        const seen = Math.min(el.bottom, g.vh) - Math.max(el.top, g.bar.bottom);
        const room = g.vh - g.bar.bottom - 16;
        expect(seen, `step ${n}: the outlined element is in view below the bar`).toBeGreaterThanOrEqual(
          Math.min(el.height, room) - 1,
        );
      }).toPass({ timeout: 15_000 });
      if (n === 1) {
        // Bar and outlined row fit at scroll 0 here: no scrolling at all.
        const g = await geometry(page);
        if (g.scroll === 0 || g.el!.bottom + g.scroll <= g.vh) expect(g.scroll).toBe(0);
      }
      if (n < STEPS) await page.getByTestId('tour-next').click();
    }
    expect(errors).toEqual([]);
  });
}

test('step 10 brings the crop sweep into view, not the pixel curves', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/#tour=10');
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '10');
  await expect(async () => {
    const seen = await page.evaluate(() => {
      const bar = document.querySelector('[data-tour-step]')!.getBoundingClientRect();
      const r = document.querySelector('[data-chart="crop-sweep"]')!.getBoundingClientRect();
      return { top: r.top, bar: bar.bottom, vh: window.innerHeight };
    });
    expect(seen.top).toBeGreaterThanOrEqual(seen.bar);
    expect(seen.top).toBeLessThan(seen.vh - 100);
  }).toPass({ timeout: 15_000 });
});

test('leaving the tour restores the state from before it, one undo step from the tour scene', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await openApp(page);
  // A state of one's own first: another object size, a focal parameter, the curves view.
  await setInput(page.getByTestId('object-size'), 30);
  await setInput(page.locator('[data-loss-row="focal"] input[data-param="gamma"]'), 3);
  await page.locator('[data-view="curves"]').click();
  const before = await settledHash(page);
  expect(before).toContain('focal.gamma=3');
  await page.getByTestId('tour-start').click();
  for (let n = 1; n < 10; n++) await page.getByTestId('tour-next').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '10');
  await expect(page.getByTestId('grid-size')).toHaveValue('128');
  await page.getByTestId('tour-exit').click();
  await expect(page.locator('[data-tour-step]')).toHaveCount(0);
  const after = await settledHash(page);
  expect(after, 'the link after leaving equals the link before the tour').toBe(before);
  await expect(page.locator('[data-view="curves"]')).toHaveAttribute('aria-selected', 'true');
  // One undo step brings back the scene the tour showed (step 10: a 128 × 128 grid).
  await page.locator('[data-view="scene"]').click();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('grid-size')).toHaveValue('128');
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('grid-size')).toHaveValue('64');
  await expect(page.getByTestId('object-size')).toHaveValue('30');
  expect(errors).toEqual([]);
});

test("a step sets only what it needs: step 4 after step 3 keeps focal's default reduction, and its link reproduces it", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await openApp(page);
  await page.getByTestId('tour-start').click();
  await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-next').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '3');
  // Step 3 compares focal's sum with its mean…
  await page.locator('[data-view="scene"]').click();
  await expect(page.locator('[data-loss-row="focal"] select[data-param="reduction"]')).toHaveValue('sum');
  await page.getByTestId('tour-next').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '4');
  // …and step 4 is back on the mean, the default.
  await page.locator('[data-view="scene"]').click();
  await expect(page.locator('[data-loss-row="focal"] select[data-param="reduction"]')).toHaveValue('mean');
  const walked = await readBoard(page);
  const link = `/${await settledHash(page)}`;
  expect(link).toContain('learn.tour=4');
  expect(link).not.toContain('reduction=sum');
  // The step's full link, in a fresh browser, and the short link `#tour=4`: the same board.
  for (const url of [link, '/#tour=4']) {
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const otherErrors = watchErrors(other);
    await other.goto(url);
    await expect(other.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '4');
    await other.locator('[data-view="scene"]').click();
    expect(await readBoard(other), `${url}: the board of step 4`).toEqual(walked);
    expect(otherErrors).toEqual([]);
    await fresh.close();
  }
  expect(errors).toEqual([]);
});

test("a race step shows the figure computed beforehand, marked, and the live race ends on the same", async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto('/#tour=11');
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '11');
  const figure = page.locator('[data-tour-figure]');
  await expect(figure).toHaveAttribute('data-tour-figure-source', 'precomputed');
  await expect(page.getByTestId('tour-precomputed')).toBeVisible();
  await expect(figure).toContainText(/dice \d/);
  const precomputed = (await figure.textContent()) ?? '';
  // The tour bar's own Play (the race's is further down the page).
  await page.getByTestId('tour-play').click();
  await expect(figure).toHaveAttribute('data-tour-figure-source', 'live');
  await expect(page.getByTestId('tour-precomputed')).toHaveCount(0);
  await expect(page.locator('[data-race-finished]')).toHaveCount(1, { timeout: 150_000 });
  // The same code and settings in the browser's wasm give the same figure at the end.
  await expect(figure).toHaveText(precomputed, { timeout: 5_000 });
  expect(errors).toEqual([]);
});

test('presenter mode, turned on during the tour, stays on through the steps and after leaving', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await page.getByTestId('tour-start').click();
  await page.getByTestId('presenter-toggle').click();
  await expect(page.locator('.app.presenter')).toHaveCount(1);
  await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-next').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '3');
  await expect(page.locator('.app.presenter'), 'a step does not put presenter mode back').toHaveCount(1);
  await page.getByTestId('tour-exit').click();
  await expect(page.locator('.app.presenter'), 'leaving does not either').toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a tour ended by "Reset everything" leaves no stale starting state for the next one', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await setInput(page.getByTestId('object-size'), 80);
  await page.getByTestId('tour-start').click();
  await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-next').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '3');
  await page.getByTestId('reset-all').click();
  await page.getByTestId('reset-confirm').click();
  await expect(page.locator('[data-tour-step]')).toHaveCount(0);
  await page.locator('[data-view="scene"]').click();
  await setInput(page.getByTestId('object-size'), 30);
  // Resume, then leave: back to the state this tour started from (30 px), not the last one's (80).
  await page.getByTestId('tour-start').click();
  await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', '3');
  await page.getByTestId('tour-exit').click();
  await expect(page.getByTestId('object-size')).toHaveValue('30');
  expect(errors).toEqual([]);
});

test('steps 12 and 13 (the compound losses on the gradient maps): a short link reproduces the walked step', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await openApp(page);
  await page.getByTestId('tour-start').click();
  for (let n = 1; n < 12; n++) await page.getByTestId('tour-next').click();
  for (const n of [12, 13]) {
    await expect(page.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
    await expect(page.locator('[data-view="gradients"]')).toHaveAttribute('aria-selected', 'true');
    // The maps as the step needs them: ∂L/∂z, symmetric log, each map to its own maximum.
    for (const [toggle, choice] of [['component', 'z'], ['scaling', 'symlog'], ['scale', 'per_loss']]) {
      await expect(page.locator(`[data-maps-toggle="${toggle}"] button[data-choice="${choice}"]`)).toHaveAttribute('aria-pressed', 'true');
    }
    const figure = page.locator('[data-tour-figure]');
    await expect(figure).toContainText(/\d/);
    const walked = (await figure.textContent()) ?? '';
    const board = await readBoard(page);
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const otherErrors = watchErrors(other);
    await other.goto(`/#tour=${n}`);
    await expect(other.locator('[data-tour-step]')).toHaveAttribute('data-tour-step', String(n));
    await expect(other.locator('[data-tour-figure]')).toHaveText(walked);
    expect(await readBoard(other), `#tour=${n}: the board of the walked step`).toEqual(board);
    expect(otherErrors).toEqual([]);
    await fresh.close();
    if (n === 12) await page.getByTestId('tour-next').click();
  }
  expect(errors).toEqual([]);
});
